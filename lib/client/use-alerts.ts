'use client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { alertHistory, alertRule, alertRuleList, testSendResult, type AlertRuleInput } from '@/lib/contracts/alerts';
import type { ClusterId } from '@/lib/contracts/cluster';
import { apiFetch } from './api-fetch';
import { alertKeys } from './query-keys';

const base = (c: ClusterId) => `/api/clusters/${encodeURIComponent(c)}/alerts`;

export function getAlertRules(cluster: ClusterId, signal?: AbortSignal) {
  return apiFetch(`${base(cluster)}/rules`, alertRuleList, { signal });
}

export function useAlertRules(cluster: ClusterId) {
  return useQuery({ queryKey: alertKeys.rules(cluster), queryFn: ({ signal }) => getAlertRules(cluster, signal), refetchInterval: 30_000 });
}

export type AlertHistoryFilters = { rule?: string; group?: string; state?: string };

export function getAlertHistory(cluster: ClusterId, filters: AlertHistoryFilters, signal?: AbortSignal) {
  const qs = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])));
  return apiFetch(`${base(cluster)}/history${qs.size ? `?${qs}` : ''}`, alertHistory, { signal });
}

export function useAlertHistory(cluster: ClusterId, filters: AlertHistoryFilters) {
  return useQuery({
    queryKey: alertKeys.history(cluster, filters),
    queryFn: ({ signal }) => getAlertHistory(cluster, filters, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 5_000,
  });
}

export function useSaveAlertRule(cluster: ClusterId) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: AlertRuleInput }) =>
      apiFetch(id ? `${base(cluster)}/rules/${id}` : `${base(cluster)}/rules`, alertRule, { method: id ? 'PUT' : 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: alertKeys.rules(cluster) }),
  });
}

export function useDeleteAlertRule(cluster: ClusterId) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch(`${base(cluster)}/rules/${id}`, z.object({ deleted: z.number() }), { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: alertKeys.rules(cluster) }),
  });
}

export function useTestAlertRule(cluster: ClusterId) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch(`${base(cluster)}/rules/${id}/test`, testSendResult, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: alertKeys.rules(cluster) }),
  });
}
