'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ClusterId } from '@/lib/contracts/cluster';
import { replayRun, type ReplayInput } from '@/lib/contracts/replays';
import { apiFetch } from './api-fetch';
import { replayKeys } from './query-keys';

const base = (c: ClusterId) => `/api/clusters/${encodeURIComponent(c)}/replays`;

export function useStartReplay(cluster: ClusterId) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ReplayInput) => apiFetch(base(cluster), replayRun, { method: 'POST', body: input }),
    onSuccess: (run) => qc.setQueryData(replayKeys.run(cluster, run.id), run),
  });
}

/** A run's progress, polled while it runs. */
export function useReplayRun(cluster: ClusterId, id: string | null) {
  return useQuery({
    queryKey: replayKeys.run(cluster, id ?? ''),
    queryFn: ({ signal }) => apiFetch(`${base(cluster)}/${encodeURIComponent(id!)}`, replayRun, { signal }),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data?.state === 'running' ? 500 : false),
  });
}

export function useCancelReplay(cluster: ClusterId) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`${base(cluster)}/${encodeURIComponent(id)}/cancel`, replayRun, { method: 'POST' }),
    onSuccess: (run) => void qc.invalidateQueries({ queryKey: replayKeys.run(cluster, run.id) }),
  });
}
