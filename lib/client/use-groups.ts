'use client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { ClusterId } from '@/lib/contracts/cluster';
import { groupDetail, groupList, lagHistory, resetOffsetsResult, topicConsumers, type LagRange, type ResetOffsetsInput } from '@/lib/contracts/groups';
import { apiFetch } from './api-fetch';
import { groupKeys } from './query-keys';

const base = (c: ClusterId) => `/api/clusters/${encodeURIComponent(c)}/consumer-groups`;
const one = (c: ClusterId, g: string) => `${base(c)}/${encodeURIComponent(g)}`;

export function getGroups(cluster: ClusterId, signal?: AbortSignal) {
  return apiFetch(base(cluster), groupList, { signal });
}

export function useGroups(cluster: ClusterId) {
  return useQuery({ queryKey: groupKeys.all(cluster), queryFn: ({ signal }) => getGroups(cluster, signal), refetchInterval: 10_000 });
}

export function getGroup(cluster: ClusterId, group: string, signal?: AbortSignal) {
  return apiFetch(one(cluster, group), groupDetail, { signal });
}

export function useGroup(cluster: ClusterId, group: string) {
  return useQuery({ queryKey: groupKeys.detail(cluster, group), queryFn: ({ signal }) => getGroup(cluster, group, signal), refetchInterval: 5_000 });
}

export function getLagHistory(cluster: ClusterId, group: string, range: LagRange, signal?: AbortSignal) {
  return apiFetch(`${one(cluster, group)}/lag-history?range=${range}`, lagHistory, { signal });
}

export function useLagHistory(cluster: ClusterId, group: string, range: LagRange) {
  return useQuery({
    queryKey: groupKeys.history(cluster, group, range),
    queryFn: ({ signal }) => getLagHistory(cluster, group, range, signal),
    refetchInterval: 5_000,
    placeholderData: keepPreviousData,
  });
}

export function resetGroupOffsets(cluster: ClusterId, group: string, input: ResetOffsetsInput) {
  return apiFetch(`${one(cluster, group)}/offsets`, resetOffsetsResult, { method: 'POST', body: input });
}

export function useResetOffsets(cluster: ClusterId, group: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ResetOffsetsInput) => resetGroupOffsets(cluster, group, input),
    onSuccess: (res) => {
      if (res.applied) void qc.invalidateQueries({ queryKey: groupKeys.detail(cluster, group) });
    },
  });
}

/** A share group forgets its start offsets for one topic. */
export function useDeleteShareOffsets(cluster: ClusterId, group: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (topic: string) =>
      apiFetch(`${one(cluster, group)}/offsets?topic=${encodeURIComponent(topic)}`, z.object({ groupId: z.string(), topic: z.string(), deleted: z.literal(true) }), { method: 'DELETE' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: groupKeys.detail(cluster, group) }),
  });
}

export function useDeleteGroup(cluster: ClusterId, group: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(one(cluster, group), z.object({ deleted: z.string() }), { method: 'DELETE' }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: groupKeys.detail(cluster, group) });
      void qc.invalidateQueries({ queryKey: groupKeys.all(cluster), exact: true });
    },
  });
}

export function useTopicConsumers(cluster: ClusterId, topic: string) {
  return useQuery({
    queryKey: groupKeys.topicConsumers(cluster, topic),
    queryFn: ({ signal }) => apiFetch(`/api/clusters/${encodeURIComponent(cluster)}/topics/${encodeURIComponent(topic)}/consumers`, topicConsumers, { signal }),
    refetchInterval: 10_000,
  });
}
