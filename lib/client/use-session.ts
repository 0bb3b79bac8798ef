'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiTokenList, createdToken, meResponse, revokedToken, type CreateTokenInput, type RoleName } from '@/lib/contracts/auth';
import { apiFetch } from './api-fetch';
import { authKeys } from './query-keys';

const rank: Record<RoleName, number> = { viewer: 1, operator: 2, admin: 3 };

export function getMe(signal?: AbortSignal) {
  return apiFetch('/api/auth/me', meResponse, { signal });
}

export function useMe() {
  return useQuery({ queryKey: authKeys.me, queryFn: ({ signal }) => getMe(signal), staleTime: 60_000 });
}

/**
 * Whether the signed-in user has at least this role, to hide controls they can't use.
 * The server is the authority; this only keeps the UI honest. False while unknown.
 */
export function useCan(role: RoleName): boolean {
  const { data } = useMe();
  return Boolean(data?.principal && rank[data.principal.role] >= rank[role]);
}

export function signOutRequest() {
  return apiFetch('/api/auth/logout', meResponse, { method: 'POST', body: {} });
}

export function useApiTokens(enabled: boolean) {
  return useQuery({ queryKey: authKeys.tokens, queryFn: ({ signal }) => apiFetch('/api/auth/tokens', apiTokenList, { signal }), enabled });
}

export function useCreateApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTokenInput) => apiFetch('/api/auth/tokens', createdToken, { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: authKeys.tokens }),
  });
}

export function useRevokeApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch(`/api/auth/tokens/${id}`, revokedToken, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: authKeys.tokens }),
  });
}
