'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { auditPage, type AuditQuery } from '@/lib/contracts/audit';
import type { ClusterId } from '@/lib/contracts/cluster';
import { apiFetch } from './api-fetch';
import { auditKeys } from './query-keys';

export type AuditFilters = Partial<Record<Exclude<keyof AuditQuery, 'limit'>, string>>;

export function getAudit(cluster: ClusterId, filters: AuditFilters, signal?: AbortSignal) {
  const qs = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])));
  return apiFetch(`/api/clusters/${encodeURIComponent(cluster)}/audit${qs.size ? `?${qs}` : ''}`, auditPage, { signal });
}

export function useAudit(cluster: ClusterId, filters: AuditFilters) {
  return useQuery({
    queryKey: auditKeys.list(cluster, filters),
    queryFn: ({ signal }) => getAudit(cluster, filters, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
}
