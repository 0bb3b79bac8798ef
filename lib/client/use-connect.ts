'use client';
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { ClusterId } from '@/lib/contracts/cluster';
import {
  configValidation,
  connectClusterList,
  connectorDetail,
  connectorList,
  connectorPluginList,
  type AlterOffsetsInput,
  type ConnectorAction,
  type ConnectorConfig,
  type RestartInput,
} from '@/lib/contracts/connect';
import { apiFetch } from './api-fetch';
import { connectKeys } from './query-keys';

const base = (c: ClusterId) => `/api/clusters/${encodeURIComponent(c)}/connect`;
const of = (c: ClusterId, k: string) => `${base(c)}/${encodeURIComponent(k)}`;
const one = (c: ClusterId, k: string, n: string) => `${of(c, k)}/connectors/${encodeURIComponent(n)}`;

export function useConnectClusters(cluster: ClusterId) {
  return useQuery({ queryKey: connectKeys.clusters(cluster), queryFn: ({ signal }) => apiFetch(base(cluster), connectClusterList, { signal }), refetchInterval: 15_000 });
}

export function useConnectPlugins(cluster: ClusterId, connect: string | null) {
  return useQuery({
    queryKey: connectKeys.plugins(cluster, connect ?? ''),
    queryFn: ({ signal }) => apiFetch(`${of(cluster, connect!)}/plugins`, connectorPluginList, { signal }),
    enabled: Boolean(connect),
    staleTime: 60_000,
  });
}

export function useConnectors(cluster: ClusterId, connect: string | null) {
  return useQuery({
    queryKey: connectKeys.connectors(cluster, connect ?? ''),
    queryFn: ({ signal }) => apiFetch(`${of(cluster, connect!)}/connectors`, connectorList, { signal }),
    enabled: Boolean(connect),
    refetchInterval: 5_000,
    retry: 1,
  });
}

/**
 * The connectors of every reachable Connect cluster of a Kafka cluster (the pipeline page's data
 * flow), on the same cache entries as each cluster's list. An unreachable one is left out: its
 * summary says why.
 */
export function useAllConnectors(cluster: ClusterId) {
  const clusters = useConnectClusters(cluster);
  const reachable = (clusters.data?.clusters ?? []).filter((c) => !c.error);
  const lists = useQueries({
    queries: reachable.map((c) => ({
      queryKey: connectKeys.connectors(cluster, c.name),
      queryFn: ({ signal }: { signal: AbortSignal }) => apiFetch(`${of(cluster, c.name)}/connectors`, connectorList, { signal }),
      refetchInterval: 5_000,
      retry: 1,
    })),
  });
  return { clusters, lists: reachable.map((c, i) => ({ connect: c.name, query: lists[i]! })) };
}

export function useConnector(cluster: ClusterId, connect: string, name: string) {
  return useQuery({
    queryKey: connectKeys.connector(cluster, connect, name),
    queryFn: ({ signal }) => apiFetch(one(cluster, connect, name), connectorDetail, { signal }),
    refetchInterval: 4_000,
    retry: 1,
  });
}

/** The worker's check of a config as the user types (debounced by the caller). */
export function useConfigValidation(cluster: ClusterId, connect: string, config: ConnectorConfig | null, existing?: string) {
  return useQuery({
    queryKey: connectKeys.validation(cluster, connect, config ?? {}, existing),
    queryFn: ({ signal }) => apiFetch(`${of(cluster, connect)}/plugins/validate`, configValidation, { method: 'POST', body: { config, existing }, signal }),
    enabled: Boolean(config?.['connector.class']),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
}

function useInvalidate(cluster: ClusterId, connect: string) {
  const qc = useQueryClient();
  return (name?: string) => {
    if (name) void qc.invalidateQueries({ queryKey: connectKeys.connector(cluster, connect, name) });
    void qc.invalidateQueries({ queryKey: connectKeys.connectors(cluster, connect), exact: true });
  };
}

export function useSaveConnector(cluster: ClusterId, connect: string, existing?: string) {
  const invalidate = useInvalidate(cluster, connect);
  return useMutation({
    mutationFn: (input: { name: string; config: ConnectorConfig }) =>
      existing
        ? apiFetch(one(cluster, connect, existing), connectorDetail, { method: 'PUT', body: { config: input.config } })
        : apiFetch(`${of(cluster, connect)}/connectors`, connectorDetail, { method: 'POST', body: input }),
    onSuccess: (d) => invalidate(d.name),
  });
}

export function useConnectorAction(cluster: ClusterId, connect: string, name: string) {
  const invalidate = useInvalidate(cluster, connect);
  return useMutation({
    mutationFn: ({ action, restart }: { action: ConnectorAction; restart?: RestartInput }) =>
      apiFetch(`${one(cluster, connect, name)}/${action}`, z.object({ action: z.string(), connector: z.string() }), { method: 'POST', body: restart }),
    onSuccess: () => invalidate(name),
  });
}

export function useDeleteConnector(cluster: ClusterId, connect: string, name: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(one(cluster, connect, name), z.object({ deleted: z.string() }), { method: 'DELETE' }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: connectKeys.connector(cluster, connect, name) });
      void qc.invalidateQueries({ queryKey: connectKeys.connectors(cluster, connect), exact: true });
    },
  });
}

export function useConnectorOffsets(cluster: ClusterId, connect: string, name: string) {
  const invalidate = useInvalidate(cluster, connect);
  return useMutation({
    mutationFn: (input: AlterOffsetsInput | 'reset') =>
      apiFetch(`${one(cluster, connect, name)}/offsets`, z.object({ message: z.string() }), input === 'reset' ? { method: 'DELETE' } : { method: 'PATCH', body: input }),
    onSuccess: () => invalidate(name),
  });
}
