'use client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { ClusterId } from '@/lib/contracts/cluster';
import {
  configEntry,
  createTopicResult,
  deleteTopicResult,
  purgeResult,
  topicDetail,
  topicList,
  type AlterConfigsInput,
  type CreateTopicInput,
  type PurgeInput,
  type TopicSort,
} from '@/lib/contracts/topics';
import { apiFetch } from './api-fetch';
import { brokerKeys, clusterKeys, topicKeys } from './query-keys';

const topicsUrl = (c: ClusterId) => `/api/clusters/${encodeURIComponent(c)}/topics`;
const topicUrl = (c: ClusterId, t: string) => `${topicsUrl(c)}/${encodeURIComponent(t)}`;

export interface TopicListParams {
  search: string;
  internal: boolean;
  sort: TopicSort;
  dir: 'asc' | 'desc';
  cursor: number;
  limit: number;
  collidesWith?: string;
}

export function getTopics(cluster: ClusterId, p: TopicListParams, signal?: AbortSignal) {
  const qs = new URLSearchParams({
    search: p.search,
    internal: String(p.internal),
    sort: p.sort,
    dir: p.dir,
    cursor: String(p.cursor),
    limit: String(p.limit),
    ...(p.collidesWith ? { collidesWith: p.collidesWith } : {}),
  });
  return apiFetch(`${topicsUrl(cluster)}?${qs}`, topicList, { signal });
}

export function useTopics(cluster: ClusterId, p: TopicListParams, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: topicKeys.list(cluster, { ...p }),
    queryFn: ({ signal }) => getTopics(cluster, p, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
    enabled: opts.enabled ?? true,
  });
}

/**
 * The topics page's refresh action: the server reads every topic's metadata again (rather than
 * serve its topic index, which may be up to half a minute old), then the list pages refetch.
 */
export function useRefreshTopicIndex(cluster: ClusterId) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(`${topicsUrl(cluster)}?refresh=true&limit=1`, topicList),
    onSuccess: () => qc.invalidateQueries({ queryKey: topicKeys.lists(cluster) }),
  });
}

export function getTopic(cluster: ClusterId, topic: string, signal?: AbortSignal) {
  return apiFetch(topicUrl(cluster, topic), topicDetail, { signal });
}

export function useTopic(cluster: ClusterId, topic: string) {
  return useQuery({ queryKey: topicKeys.detail(cluster, topic), queryFn: ({ signal }) => getTopic(cluster, topic, signal), refetchInterval: 10_000 });
}

// Mutations refresh exactly what they change: the topic's own detail, the list pages (counts,
// names), and where the shape of the cluster changes, the brokers and the overview.

export function useCreateTopic(cluster: ClusterId) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTopicInput) => apiFetch(topicsUrl(cluster), createTopicResult, { method: 'POST', body: input }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: topicKeys.lists(cluster) });
      void qc.invalidateQueries({ queryKey: brokerKeys.all(cluster) });
      void qc.invalidateQueries({ queryKey: clusterKeys.overview(cluster) });
    },
  });
}

export function useDeleteTopic(cluster: ClusterId) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (topic: string) => apiFetch(topicUrl(cluster, topic), deleteTopicResult, { method: 'DELETE' }),
    onSuccess: (_d, topic) => {
      qc.removeQueries({ queryKey: topicKeys.detail(cluster, topic) });
      void qc.invalidateQueries({ queryKey: topicKeys.lists(cluster) });
      void qc.invalidateQueries({ queryKey: brokerKeys.all(cluster) });
      void qc.invalidateQueries({ queryKey: clusterKeys.overview(cluster) });
    },
  });
}

export function useAlterTopicConfigs(cluster: ClusterId, topic: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: AlterConfigsInput) =>
      apiFetch(`${topicUrl(cluster, topic)}/configs`, z.object({ configs: z.array(configEntry) }), { method: 'PATCH', body: input }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: topicKeys.detail(cluster, topic) });
      // cleanup.policy decides whether the list's message count is exact
      void qc.invalidateQueries({ queryKey: topicKeys.lists(cluster) });
    },
  });
}

export function useAddPartitions(cluster: ClusterId, topic: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (count: number) =>
      apiFetch(`${topicUrl(cluster, topic)}/partitions`, z.object({ name: z.string(), partitions: z.number() }), { method: 'POST', body: { count } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: topicKeys.detail(cluster, topic) });
      void qc.invalidateQueries({ queryKey: topicKeys.lists(cluster) });
      void qc.invalidateQueries({ queryKey: brokerKeys.all(cluster) });
      void qc.invalidateQueries({ queryKey: clusterKeys.overview(cluster) });
    },
  });
}

export function usePurgeTopic(cluster: ClusterId, topic: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: PurgeInput) => apiFetch(`${topicUrl(cluster, topic)}/purge`, purgeResult, { method: 'POST', body: input }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: topicKeys.detail(cluster, topic) });
      void qc.invalidateQueries({ queryKey: topicKeys.lists(cluster) });
    },
  });
}
