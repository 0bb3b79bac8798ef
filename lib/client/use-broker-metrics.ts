'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { brokerMetricsResponse, type MetricsRange } from '@/lib/contracts/broker-metrics';
import type { ClusterId } from '@/lib/contracts/cluster';
import { apiFetch } from './api-fetch';
import { brokerMetricsKeys } from './query-keys';

export interface BrokerMetricsRequest {
  scope: 'cluster' | 'broker' | 'topic';
  range: MetricsRange;
  broker?: number;
  topic?: string;
}

export function getBrokerMetrics(cluster: ClusterId, q: BrokerMetricsRequest, signal?: AbortSignal) {
  const sp = new URLSearchParams({ scope: q.scope, range: q.range });
  if (q.broker !== undefined) sp.set('broker', String(q.broker));
  if (q.topic !== undefined) sp.set('topic', q.topic);
  return apiFetch(`/api/clusters/${encodeURIComponent(cluster)}/metrics?${sp}`, brokerMetricsResponse, { signal });
}

/** Refetched every scrape interval (5 s at most often), so the charts move while traffic flows. */
export function useBrokerMetrics(cluster: ClusterId, q: BrokerMetricsRequest) {
  return useQuery({
    queryKey: brokerMetricsKeys.query(cluster, { ...q }),
    queryFn: ({ signal }) => getBrokerMetrics(cluster, q, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => Math.max(5_000, (query.state.data?.scrapeIntervalSeconds ?? 10) * 1000),
  });
}
