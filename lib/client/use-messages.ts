'use client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { browseResult, produceResult, type ProduceInput } from '@/lib/contracts/messages';
import { apiFetch } from './api-fetch';
import { messageKeys } from './query-keys';

const base = (cluster: string, topic: string) => `/api/clusters/${encodeURIComponent(cluster)}/topics/${encodeURIComponent(topic)}/messages`;

export function getMessages(cluster: string, topic: string, params: Record<string, string>, signal?: AbortSignal) {
  const qs = new URLSearchParams(params).toString();
  return apiFetch(`${base(cluster, topic)}${qs ? `?${qs}` : ''}`, browseResult, { signal });
}

/** A page of messages; the params are exactly the URL's (so a link restores the page). */
export function useMessages(cluster: string, topic: string, params: Record<string, string>) {
  return useQuery({
    queryKey: messageKeys.page(cluster, topic, params),
    queryFn: ({ signal }) => getMessages(cluster, topic, params, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    refetchOnWindowFocus: false,
  });
}

export function produceMessage(cluster: string, topic: string, input: ProduceInput) {
  return apiFetch(base(cluster, topic), produceResult, { method: 'POST', body: input });
}

export function useProduceMessage(cluster: string, topic: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ProduceInput) => produceMessage(cluster, topic, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: messageKeys.all(cluster, topic) }),
  });
}
