import 'server-only';
import { alterPartitionReassignmentsV0, alterPartitionReassignmentsV1 } from '@platformatic/kafka';
import { answerOf, clusterConn, errorName, type RequestCounter } from './client';

/**
 * AlterPartitionReassignments (KIP-455): start moves (a target replica list per partition) or
 * cancel them (a null list: the partition goes back to its replicas before the move). v1
 * (KIP-860) says whether the replication factor may change; the console allows it, so a
 * replication-factor change goes through the same request. The answer is per partition.
 */

export interface ReassignmentTarget {
  topic: string;
  partition: number;
  /** null cancels the partition's reassignment in progress. */
  replicas: number[] | null;
}

export interface PartitionAnswer {
  topic: string;
  partition: number;
  /** null when accepted; else Kafka's error name. */
  error: string | null;
  message: string | null;
}

const TIMEOUT_MS = 30_000;

export async function alterPartitionReassignments(clusterId: string, targets: ReassignmentTarget[], counter?: RequestCounter): Promise<PartitionAnswer[]> {
  const conn = clusterConn(clusterId);
  const api = await conn.api('AlterPartitionReassignments', [alterPartitionReassignmentsV1.api, alterPartitionReassignmentsV0.api]);
  const byTopic = new Map<string, { partitionIndex: number; replicas: number[] | null }[]>();
  for (const t of targets) byTopic.set(t.topic, [...(byTopic.get(t.topic) ?? []), { partitionIndex: t.partition, replicas: t.replicas }]);
  const topics = [...byTopic].map(([name, partitions]) => ({ name, partitions }));
  const res = await conn.send('admin', (c) => answerOf(api.async(c, TIMEOUT_MS, true, topics)), counter);
  const out: PartitionAnswer[] = [];
  for (const t of res.responses) {
    for (const p of t.partitions) {
      // A request-level error (say, not authorized) applies to every partition.
      const code = p.errorCode || res.errorCode;
      out.push({ topic: t.name, partition: p.partitionIndex, error: code ? errorName(code) : null, message: code ? p.errorMessage || res.errorMessage || null : null });
    }
  }
  if (out.length === 0 && res.errorCode) {
    for (const t of targets) out.push({ topic: t.topic, partition: t.partition, error: errorName(res.errorCode), message: res.errorMessage || null });
  }
  return out;
}
