import 'server-only';
import { listPartitionReassignmentsV0 } from '@platformatic/kafka';
import { answerOf, clusterConn, errorName, type RequestCounter } from './client';
import { KafkaProtocolError } from './kafka-errors';

/**
 * ListPartitionReassignments (KIP-455): every reassignment in progress, whoever started it
 * (the console, kafka-reassign-partitions.sh, Cruise Control). Answered by the controller.
 */

export interface OngoingReassignment {
  topic: string;
  partition: number;
  /** The full replica set while moving: the old and the new replicas. */
  replicas: number[];
  adding: number[];
  removing: number[];
}

const TIMEOUT_MS = 10_000;

/** null: every partition; else only these (partitions not moving are left out of the answer). */
export async function listPartitionReassignments(clusterId: string, only: { topic: string; partitions: number[] }[] | null, counter?: RequestCounter): Promise<OngoingReassignment[]> {
  const conn = clusterConn(clusterId);
  const api = await conn.api('ListPartitionReassignments', [listPartitionReassignmentsV0.api]);
  const topics = only === null ? null : only.map((t) => ({ name: t.topic, partitionIndexes: t.partitions }));
  const res = await conn.send('admin', (c) => answerOf(api.async(c, TIMEOUT_MS, topics)), counter);
  if (res.errorCode !== 0) throw new KafkaProtocolError(errorName(res.errorCode), res.errorMessage);
  const out: OngoingReassignment[] = [];
  for (const t of res.topics) {
    for (const p of t.partitions) out.push({ topic: t.name, partition: p.partitionIndex, replicas: p.replicas, adding: p.addingReplicas, removing: p.removingReplicas });
  }
  return out.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
}
