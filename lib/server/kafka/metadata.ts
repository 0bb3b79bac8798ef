import 'server-only';
import { clusterConn, RequestCounter, type BrokerAddress, type MetadataResponse } from './client';
import { listOffsets } from './list-offsets';

/**
 * Topic metadata and offset ranges for many topics at once: one Metadata request for every
 * topic (or the named ones), then one ListOffsets per partition leader for the earliest offsets
 * and one for the latest. That is 1 + 2 × leaders requests, whatever the number of topics.
 */

export interface ScannedPartition {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
}

export interface ScannedTopic {
  name: string;
  internal: boolean;
  partitions: ScannedPartition[];
}

export interface Scan {
  /** The Kafka cluster id. */
  clusterId: string | null;
  brokers: BrokerAddress[];
  controllerId: number | null;
  topics: ScannedTopic[];
  /** Topics asked for by name that Kafka says don't exist (UNKNOWN_TOPIC_OR_PARTITION). */
  unknownTopics: string[];
}

export interface OffsetRange {
  earliest: string | null;
  latest: string | null;
}
/** topic → partition → range */
export type OffsetRanges = Map<string, Map<number, OffsetRange>>;

const UNKNOWN_TOPIC = 3;

/** Topic metadata for the named topics, or for every topic when names is empty: one request. Topics that don't exist are left out. */
export async function scanTopics(clusterId: string, names: string[], counter: RequestCounter = new RequestCounter()): Promise<Scan> {
  return scanOf(await clusterConn(clusterId).metadata(names.length ? names : null, counter));
}

/**
 * Every topic's metadata in one request with a timeout of its own (the topic index's read: at
 * 50,000 topics the answer takes longer than the shared pool's 15 s), on its own connections.
 */
export async function scanEveryTopic(clusterId: string, timeoutMs: number, counter: RequestCounter = new RequestCounter()): Promise<Scan> {
  return scanOf(await clusterConn(clusterId).metadataOfEveryTopic(timeoutMs, counter));
}

function scanOf(md: MetadataResponse): Scan {
  return {
    clusterId: md.clusterId ?? null,
    brokers: md.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack ?? null })),
    controllerId: md.controllerId >= 0 ? md.controllerId : null,
    topics: md.topics
      .filter((t) => t.errorCode === 0 && t.name)
      .map((t) => ({
        name: t.name!,
        internal: t.isInternal === true || t.name!.startsWith('__'),
        partitions: t.partitions
          .map((p) => ({ partition: p.partitionIndex, leader: p.leaderId, replicas: p.replicaNodes, isr: p.isrNodes, offlineReplicas: p.offlineReplicas ?? [] }))
          .sort((a, b) => a.partition - b.partition),
      })),
    unknownTopics: md.topics.filter((t) => t.errorCode === UNKNOWN_TOPIC && t.name).map((t) => t.name!),
  };
}

/** Is this Metadata error code "no such topic"? (Exported for callers that scan one topic.) */
export const isUnknownTopicCode = (code: number) => code === UNKNOWN_TOPIC;

/**
 * Earliest and latest offsets of every partition of these topics: per leader, one ListOffsets
 * for the earliest and one for the latest, in parallel. Partitions without a leader, or whose
 * leader answered with an error, keep null offsets; the rest still answer.
 */
export async function fetchOffsetRanges(clusterId: string, topics: ScannedTopic[], counter: RequestCounter = new RequestCounter()): Promise<OffsetRanges> {
  const conn = clusterConn(clusterId);
  const targets = topics.map((t) => ({ topic: t.name, partitions: t.partitions.map((p) => ({ partition: p.partition, leader: p.leader })) }));
  const [earliest, latest] = await Promise.all([listOffsets(conn, targets, 'earliest', counter), listOffsets(conn, targets, 'latest', counter)]);
  const ranges: OffsetRanges = new Map();
  for (const t of topics) {
    const per = new Map<number, OffsetRange>();
    for (const p of t.partitions) {
      const e = earliest.get(t.name)?.get(p.partition);
      const l = latest.get(t.name)?.get(p.partition);
      per.set(p.partition, { earliest: e === undefined ? null : String(e), latest: l === undefined ? null : String(l) });
    }
    ranges.set(t.name, per);
  }
  return ranges;
}

/** Scan, then offsets for the topics `pick` chooses. */
export async function scanWithOffsets(
  clusterId: string,
  names: string[],
  pick: (scan: Scan) => ScannedTopic[],
  counter: RequestCounter,
): Promise<{ scan: Scan; ranges: OffsetRanges }> {
  const scan = await scanTopics(clusterId, names, counter);
  return { scan, ranges: await fetchOffsetRanges(clusterId, pick(scan), counter) };
}

/** Sum of latest − earliest over partitions, as a JS number (exact below 2^53). */
export function messageCount(perPartition: Map<number, OffsetRange> | undefined): number {
  if (!perPartition) return 0;
  let total = 0n;
  for (const r of perPartition.values()) {
    if (r.earliest != null && r.latest != null) {
      const d = BigInt(r.latest) - BigInt(r.earliest);
      if (d > 0n) total += d;
    }
  }
  return Number(total);
}
