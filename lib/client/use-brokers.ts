'use client';
import { useQuery } from '@tanstack/react-query';
import { brokerDetail, brokerList } from '@/lib/contracts/brokers';
import type { ClusterId } from '@/lib/contracts/cluster';
import { apiFetch } from './api-fetch';
import { brokerKeys } from './query-keys';

const base = (c: ClusterId) => `/api/clusters/${encodeURIComponent(c)}/brokers`;

export function getBrokers(cluster: ClusterId, signal?: AbortSignal) {
  return apiFetch(base(cluster), brokerList, { signal });
}
export function useBrokers(cluster: ClusterId) {
  return useQuery({ queryKey: brokerKeys.list(cluster), queryFn: ({ signal }) => getBrokers(cluster, signal), refetchInterval: 15_000 });
}

export function getBroker(cluster: ClusterId, id: number, signal?: AbortSignal) {
  return apiFetch(`${base(cluster)}/${id}`, brokerDetail, { signal });
}
export function useBroker(cluster: ClusterId, id: number) {
  return useQuery({ queryKey: brokerKeys.detail(cluster, id), queryFn: ({ signal }) => getBroker(cluster, id, signal) });
}
