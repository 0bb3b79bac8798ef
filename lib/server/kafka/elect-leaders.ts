import 'server-only';
import { createAPI, Reader, Writer } from '@platformatic/kafka';
import { clusterConn, errorName, type RequestCounter } from './client';
import { KafkaProtocolError } from './kafka-errors';

/**
 * ElectLeaders (KIP-183, KIP-460): preferred-replica or unclean leader election. The client
 * has no ElectLeaders, so this file encodes it, v2 (the first flexible version; Kafka 2.4+),
 * with the client's own Writer and Reader, and is tested on bytes (elect-leaders.test.ts).
 *
 *   Request v2  => election_type:INT8 [topic_partitions]:COMPACT_NULLABLE_ARRAY timeout_ms:INT32 TAG_BUFFER
 *     topic_partitions => topic:COMPACT_STRING [partitions:INT32] TAG_BUFFER
 *   Response v2 => throttle_time_ms:INT32 error_code:INT16 [replica_election_results] TAG_BUFFER
 *     replica_election_results => topic:COMPACT_STRING [partition_result] TAG_BUFFER
 *       partition_result => partition_id:INT32 error_code:INT16 error_message:COMPACT_NULLABLE_STRING TAG_BUFFER
 */

export const ELECT_LEADERS_KEY = 43;
export const ELECTION_TYPE = { preferred: 0, unclean: 1 } as const;
export type ElectionType = keyof typeof ELECTION_TYPE;

export interface ElectLeadersAnswer {
  throttleTimeMs: number;
  errorCode: number;
  results: { topic: string; partitions: { partition: number; errorCode: number; errorMessage: string | null }[] }[];
}

type ElectArgs = [electionType: number, topics: { topic: string; partitions: number[] }[] | null, timeoutMs: number];

export function createElectLeadersRequest(electionType: number, topics: { topic: string; partitions: number[] }[] | null, timeoutMs: number): Writer {
  return Writer.create()
    .appendInt8(electionType)
    .appendArray(topics, (w, t) => w.appendString(t.topic).appendArray(t.partitions, (w2, p) => w2.appendInt32(p), true, false), true, true)
    .appendInt32(timeoutMs)
    .appendTaggedFields();
}

export function parseElectLeadersResponse(_correlationId: number, _apiKey: number, _apiVersion: number, reader: Reader): ElectLeadersAnswer {
  const throttleTimeMs = reader.readInt32();
  const errorCode = reader.readInt16();
  const results = reader.readArray((r) => ({
    topic: r.readString(),
    partitions: r.readArray((r2) => ({ partition: r2.readInt32(), errorCode: r2.readInt16(), errorMessage: r2.readNullableString() })),
  }));
  reader.readTaggedFields();
  // Per-partition errors (ELECTION_NOT_NEEDED above all) are answers, not failures: returned, never thrown.
  return { throttleTimeMs, errorCode, results };
}

export const electLeadersV2 = createAPI<ElectArgs, ElectLeadersAnswer>(ELECT_LEADERS_KEY, 2, createElectLeadersRequest, parseElectLeadersResponse, true, true);

export interface ElectionAnswer {
  topic: string;
  partition: number;
  /** Kafka's error name, null when a leader was elected. ELECTION_NOT_NEEDED: the preferred replica already leads. */
  error: string | null;
  message: string | null;
}

const TIMEOUT_MS = 30_000;

/** null partitions: every partition of the cluster (preferred election only, as kafka-leader-election.sh --all-topic-partitions). */
export async function electLeaders(clusterId: string, type: ElectionType, partitions: { topic: string; partitions: number[] }[] | null, counter?: RequestCounter): Promise<ElectionAnswer[]> {
  const conn = clusterConn(clusterId);
  const api = await conn.api('ElectLeaders', [electLeadersV2]);
  const res = await conn.send('admin', (c) => api.async(c, ELECTION_TYPE[type], partitions, TIMEOUT_MS), counter);
  if (res.errorCode !== 0) throw new KafkaProtocolError(errorName(res.errorCode), `ElectLeaders: ${errorName(res.errorCode)}`);
  return res.results.flatMap((t) =>
    t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, error: p.errorCode ? errorName(p.errorCode) : null, message: p.errorMessage || null })),
  );
}
