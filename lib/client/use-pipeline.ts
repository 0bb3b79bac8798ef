'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { pipelineReport, producerCommandOut, type ProducerControlInput } from '@/lib/contracts/pipeline';
import type { ClusterId } from '@/lib/contracts/cluster';
import { apiFetch } from './api-fetch';
import { pipelineKeys } from './query-keys';

const url = (path: string, cluster: ClusterId, prefix: string) => `${path}?${new URLSearchParams({ cluster, ...(prefix ? { prefix } : {}) })}`;

export function usePipeline(cluster: ClusterId, prefix: string) {
  return useQuery({
    queryKey: pipelineKeys.report(cluster, prefix),
    queryFn: ({ signal }) => apiFetch(url('/api/pipeline', cluster, prefix), pipelineReport, { signal }),
    refetchInterval: 2_000,
  });
}

export function useControlProducer(cluster: ClusterId, prefix: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ProducerControlInput) => apiFetch(url('/api/pipeline/producer', cluster, prefix), producerCommandOut, { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: pipelineKeys.report(cluster, prefix) }),
  });
}
