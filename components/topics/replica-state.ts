import type { PartitionState } from '@/lib/contracts/topics';

export type ReplicaState = 'leader' | 'in-sync' | 'out-of-sync' | 'offline' | 'none';

/** What broker `nodeId` is for this partition, as the replica grid shows it. */
export function replicaState(p: Pick<PartitionState, 'leader' | 'replicas' | 'isr' | 'offlineReplicas'>, nodeId: number): ReplicaState {
  if (!p.replicas.includes(nodeId)) return 'none';
  if (p.offlineReplicas.includes(nodeId)) return 'offline';
  if (p.leader === nodeId) return 'leader';
  return p.isr.includes(nodeId) ? 'in-sync' : 'out-of-sync';
}
