'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ClusterId } from '@/lib/contracts/cluster';
import {
  brokerConfigs,
  electionResult,
  reassignmentList,
  reassignmentPlan,
  reassignmentResult,
  throttleRemoval,
  type CancelReassignmentInput,
  type ElectionInput,
  type PlanInput,
  type ReassignmentInput,
} from '@/lib/contracts/partitions';
import type { AlterConfigsInput } from '@/lib/contracts/topics';
import { apiFetch } from './api-fetch';
import { brokerKeys, clusterKeys, partitionKeys, topicKeys } from './query-keys';

const base = (c: ClusterId) => `/api/clusters/${encodeURIComponent(c)}`;

export function getReassignments(cluster: ClusterId, signal?: AbortSignal) {
  return apiFetch(`${base(cluster)}/reassignments`, reassignmentList, { signal });
}

/** Reassignments in progress: every 2 s while something moves or a throttle is set, else every 15 s. */
export function useReassignments(cluster: ClusterId) {
  return useQuery({
    queryKey: partitionKeys.reassignments(cluster),
    queryFn: ({ signal }) => getReassignments(cluster, signal),
    refetchInterval: (q) => {
      const d = q.state.data;
      return d && (d.reassignments.length > 0 || d.throttle.brokers.length > 0) ? 2_000 : 15_000;
    },
  });
}

export function usePlanReassignment(cluster: ClusterId) {
  return useMutation({ mutationFn: (input: PlanInput) => apiFetch(`${base(cluster)}/reassignments/plan`, reassignmentPlan, { method: 'POST', body: input }) });
}

/** What moved changes brokers, topics and the overview: refresh them all. */
function useInvalidateLayout(cluster: ClusterId) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: partitionKeys.reassignments(cluster) });
    void qc.invalidateQueries({ queryKey: topicKeys.all(cluster) });
    void qc.invalidateQueries({ queryKey: brokerKeys.all(cluster) });
    void qc.invalidateQueries({ queryKey: clusterKeys.overview(cluster) });
  };
}

export function useExecuteReassignment(cluster: ClusterId) {
  const invalidate = useInvalidateLayout(cluster);
  return useMutation({ mutationFn: (input: ReassignmentInput) => apiFetch(`${base(cluster)}/reassignments`, reassignmentResult, { method: 'POST', body: input }), onSuccess: invalidate });
}

export function useCancelReassignments(cluster: ClusterId) {
  const invalidate = useInvalidateLayout(cluster);
  return useMutation({ mutationFn: (input: CancelReassignmentInput) => apiFetch(`${base(cluster)}/reassignments`, reassignmentResult, { method: 'DELETE', body: input }), onSuccess: invalidate });
}

export function useRemoveThrottle(cluster: ClusterId) {
  const invalidate = useInvalidateLayout(cluster);
  return useMutation({ mutationFn: () => apiFetch(`${base(cluster)}/reassignments/throttle`, throttleRemoval, { method: 'DELETE' }), onSuccess: invalidate });
}

export function useElectLeaders(cluster: ClusterId) {
  const invalidate = useInvalidateLayout(cluster);
  return useMutation({ mutationFn: (input: ElectionInput) => apiFetch(`${base(cluster)}/elections`, electionResult, { method: 'POST', body: input }), onSuccess: invalidate });
}

export function useBrokerConfigs(cluster: ClusterId, target: number | 'default') {
  return useQuery({
    queryKey: partitionKeys.brokerConfigs(cluster, target),
    queryFn: ({ signal }) => apiFetch(`${base(cluster)}/brokers/${target}/configs`, brokerConfigs, { signal }),
  });
}

export function useAlterBrokerConfigs(cluster: ClusterId, target: number | 'default') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: AlterConfigsInput) => apiFetch(`${base(cluster)}/brokers/${target}/configs`, brokerConfigs, { method: 'PATCH', body: input }),
    onSuccess: (data) => {
      qc.setQueryData(partitionKeys.brokerConfigs(cluster, target), data);
      // a cluster-wide default shows on every broker
      void qc.invalidateQueries({ queryKey: brokerKeys.all(cluster) });
    },
  });
}
