import 'server-only';
import { clusterConn, type RequestCounter } from './client';
import { listOffsets, type LeaderPartitions } from './list-offsets';

/**
 * Log start, log end and last stable offset of every partition of some topics, for lag: one
 * Metadata request for the leaders, then one ListOffsets per leader broker and kind, whatever
 * the number of topics. Topics that don't exist (or are being deleted) are left out.
 */

export interface PartitionOffsets {
  partition: number;
  logStart: number;
  /** High watermark: what read_uncommitted consumers can read up to. */
  logEnd: number;
  /** Last stable offset: where read_committed consumers stop. */
  lastStable: number;
}

async function leaders(clusterId: string, topics: string[], counter?: RequestCounter): Promise<LeaderPartitions[]> {
  // A topic with an error (deleted, being created) is left out; the rest still answer.
  const md = await clusterConn(clusterId).metadata(topics, counter);
  return md.topics
    .filter((t) => t.errorCode === 0 && t.name)
    .map((t) => ({ topic: t.name!, partitions: t.partitions.map((p) => ({ partition: p.partitionIndex, leader: p.leaderId })) }));
}

export async function topicOffsets(clusterId: string, topics: string[], counter?: RequestCounter): Promise<Map<string, PartitionOffsets[]>> {
  const out = new Map<string, PartitionOffsets[]>();
  const wanted = [...new Set(topics)];
  if (wanted.length === 0) return out;
  const conn = clusterConn(clusterId);
  const targets = await leaders(clusterId, wanted, counter);
  const [start, end, stable] = await Promise.all([
    listOffsets(conn, targets, 'earliest', counter),
    listOffsets(conn, targets, 'latest', counter),
    listOffsets(conn, targets, 'latest', counter, 'read_committed'),
  ]);
  for (const t of targets) {
    out.set(
      t.topic,
      t.partitions
        .map((p) => ({
          partition: p.partition,
          logStart: start.get(t.topic)?.get(p.partition) ?? 0,
          logEnd: end.get(t.topic)?.get(p.partition) ?? 0,
          lastStable: stable.get(t.topic)?.get(p.partition) ?? 0,
        }))
        .sort((a, b) => a.partition - b.partition),
    );
  }
  return out;
}

/** Offsets by timestamp for some partitions of a topic: -1 where no message is that new. */
export async function offsetsForTimestamp(clusterId: string, topic: string, partitions: number[], timestamp: number): Promise<Map<number, number>> {
  const [t] = await leaders(clusterId, [topic]);
  if (!t) return new Map();
  const chosen = { topic, partitions: t.partitions.filter((p) => partitions.includes(p.partition)) };
  return (await listOffsets(clusterConn(clusterId), [chosen], timestamp)).get(topic) ?? new Map();
}
