'use client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { aclBinding, aclList, deleteAclsResult, effectiveAccess, type AclBindingInput, type DeleteAclsInput } from '@/lib/contracts/acls';
import type { ClusterId } from '@/lib/contracts/cluster';
import { quotaListResult, type AlterQuotaInput } from '@/lib/contracts/quotas';
import { scramUser, scramUserList, scramUserResult, type CreateScramUserInput, type RotateScramPasswordInput } from '@/lib/contracts/scram-users';
import { apiFetch } from './api-fetch';
import { securityKeys } from './query-keys';

const base = (c: ClusterId) => `/api/clusters/${encodeURIComponent(c)}`;
const clean = (q: Record<string, string | undefined>) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;

// ── ACLs ────────────────────────────────────────────────────────────────────────────────────

export function useAcls(cluster: ClusterId, filter: Record<string, string | undefined>, opts: { enabled?: boolean } = {}) {
  const q = clean(filter);
  return useQuery({
    queryKey: securityKeys.aclList(cluster, q),
    queryFn: ({ signal }) => apiFetch(`${base(cluster)}/acls?${new URLSearchParams(q)}`, aclList, { signal }),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
    retry: (n, err) => n < 2 && (err as { status?: number }).status !== 422,
  });
}

export function useCreateAcl(cluster: ClusterId) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: AclBindingInput) => apiFetch(`${base(cluster)}/acls`, z.object({ acl: aclBinding }), { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: securityKeys.acls(cluster) }),
  });
}

export function useDeleteAcls(cluster: ClusterId) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: DeleteAclsInput) => apiFetch(`${base(cluster)}/acls`, deleteAclsResult, { method: 'DELETE', body: input }),
    onSuccess: (r) => {
      if (!r.dryRun) void qc.invalidateQueries({ queryKey: securityKeys.acls(cluster) });
    },
  });
}

export function useEffectiveAccess(cluster: ClusterId, q: { principal: string; resourceType: string; resourceName: string; host: string } | null) {
  const params = q ? clean(q) : {};
  return useQuery({
    queryKey: securityKeys.effective(cluster, params),
    queryFn: ({ signal }) => apiFetch(`${base(cluster)}/acls/effective?${new URLSearchParams(params)}`, effectiveAccess, { signal }),
    enabled: q !== null,
    retry: false,
  });
}

// ── SCRAM users ─────────────────────────────────────────────────────────────────────────────

export function useScramUsers(cluster: ClusterId, enabled: boolean) {
  return useQuery({ queryKey: securityKeys.users(cluster), queryFn: ({ signal }) => apiFetch(`${base(cluster)}/users`, scramUserList, { signal }), enabled, retry: false });
}

export function useCreateScramUser(cluster: ClusterId) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateScramUserInput) => apiFetch(`${base(cluster)}/users`, scramUserResult, { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: securityKeys.users(cluster) }),
  });
}

export function useRotateScramPassword(cluster: ClusterId) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ name, ...input }: RotateScramPasswordInput & { name: string }) =>
      apiFetch(`${base(cluster)}/users/${encodeURIComponent(name)}`, scramUserResult, { method: 'PUT', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: securityKeys.users(cluster) }),
  });
}

export function useDeleteScramUser(cluster: ClusterId) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiFetch(`${base(cluster)}/users/${encodeURIComponent(name)}`, z.object({ name: z.string(), removed: z.array(scramUser.shape.credentials.element.shape.mechanism) }), { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: securityKeys.users(cluster) }),
  });
}

// ── quotas ──────────────────────────────────────────────────────────────────────────────────

export function useQuotas(cluster: ClusterId, q: { user?: string; clientId?: string }) {
  const params = clean(q);
  return useQuery({
    queryKey: securityKeys.quotaList(cluster, params),
    queryFn: ({ signal }) => apiFetch(`${base(cluster)}/quotas?${new URLSearchParams(params)}`, quotaListResult, { signal }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useAlterQuota(cluster: ClusterId) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: AlterQuotaInput) => apiFetch(`${base(cluster)}/quotas`, z.object({ entity: z.record(z.string(), z.unknown()), description: z.string() }), { method: 'PUT', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: securityKeys.quotas(cluster) }),
  });
}
