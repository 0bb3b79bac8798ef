'use client';
import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { clusterOverview, clusterSummary, type ClusterId } from '@/lib/contracts/cluster';
import { apiFetch } from './api-fetch';
import { clusterKeys } from './query-keys';

const clusterList = z.object({ clusters: z.array(clusterSummary) });

export function getClusters(signal?: AbortSignal) {
  return apiFetch('/api/clusters', clusterList, { signal });
}

export function useClusters() {
  return useQuery({ queryKey: clusterKeys.list, queryFn: ({ signal }) => getClusters(signal), staleTime: 60_000 });
}

export function getClusterOverview(cluster: ClusterId, signal?: AbortSignal) {
  return apiFetch(`/api/clusters/${encodeURIComponent(cluster)}`, clusterOverview, { signal });
}

export function useClusterOverview(cluster: ClusterId) {
  return useQuery({
    queryKey: clusterKeys.overview(cluster),
    queryFn: ({ signal }) => getClusterOverview(cluster, signal),
    refetchInterval: 10_000,
  });
}
