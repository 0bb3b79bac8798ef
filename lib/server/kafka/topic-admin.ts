import 'server-only';
import { createPartitionsV3, createTopicsV7, deleteRecordsV2, deleteTopicsV6 } from '@platformatic/kafka';
import { answerOf, clusterConn, type RequestCounter } from './client';
import { KafkaProtocolError } from './kafka-errors';
import type { ScannedTopic } from './metadata';

/**
 * CreateTopics, DeleteTopics, CreatePartitions and DeleteRecords, each answering with the
 * broker's own per-resource code and message ("Unknown topic config name: x"), which the
 * client's Admin methods fold into a generic message. Operators need it beside the field.
 */

export interface ResourceResult {
  errorCode: number;
  errorMessage: string | null;
}

const TIMEOUT_MS = 10_000;

export async function createTopics(
  clusterId: string,
  topic: { name: string; partitions: number; replicationFactor: number; configs: Record<string, string> },
  counter?: RequestCounter,
): Promise<ResourceResult> {
  const request = [
    {
      name: topic.name,
      numPartitions: topic.partitions,
      replicationFactor: topic.replicationFactor,
      assignments: [],
      configs: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
    },
  ];
  const res = await clusterConn(clusterId).send('admin', (c) => answerOf(createTopicsV7.api.async(c, request, TIMEOUT_MS, false)), counter);
  const r = res.topics[0];
  return { errorCode: r?.errorCode ?? 0, errorMessage: r?.errorMessage || null };
}

export async function deleteTopics(clusterId: string, name: string, counter?: RequestCounter): Promise<ResourceResult> {
  const res = await clusterConn(clusterId).send('admin', (c) => answerOf(deleteTopicsV6.api.async(c, [{ name }], TIMEOUT_MS)), counter);
  const r = res.responses[0];
  return { errorCode: r?.errorCode ?? 0, errorMessage: r?.errorMessage || null };
}

export async function createPartitions(clusterId: string, name: string, count: number, counter?: RequestCounter): Promise<ResourceResult> {
  const res = await clusterConn(clusterId).send('admin', (c) => answerOf(createPartitionsV3.api.async(c, [{ name, count, assignments: null }], TIMEOUT_MS, false)), counter);
  const r = res.results[0];
  return { errorCode: r?.errorCode ?? 0, errorMessage: r?.errorMessage || null };
}

/**
 * DeleteRecords sent to each partition's leader as the scan saw it (the client's Admin looks
 * leaders up in its own metadata cache, which can miss a topic created a moment ago).
 */
export async function deleteRecords(clusterId: string, t: ScannedTopic, partitions: { partition: number; offset: string }[], counter?: RequestCounter): Promise<void> {
  const conn = clusterConn(clusterId);
  const byLeader = new Map<number, { partitionIndex: number; offset: bigint }[]>();
  for (const p of partitions) {
    const leader = t.partitions.find((x) => x.partition === p.partition)?.leader ?? -1;
    if (leader < 0) throw new KafkaProtocolError('LEADER_NOT_AVAILABLE', `partition ${p.partition} of ${t.name} has no leader`);
    byLeader.set(leader, [...(byLeader.get(leader) ?? []), { partitionIndex: p.partition, offset: BigInt(p.offset) }]);
  }
  await Promise.all([...byLeader].map(([leader, parts]) => conn.send(leader, (c) => deleteRecordsV2.api.async(c, [{ name: t.name, partitions: parts }], TIMEOUT_MS), counter)));
}
