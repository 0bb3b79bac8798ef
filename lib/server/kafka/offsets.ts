import 'server-only';
import { createErrorFromCode } from 'kafkajs/src/protocol/error';
import { requests } from 'kafkajs/src/protocol/requests';
import apiKeys from 'kafkajs/src/protocol/requests/apiKeys';
import { kafkaFor, rememberBrokers } from './client';
import type { RawBroker, RawCluster, RawMetadata, RawPartitionMetadata } from './kafkajs-internals';
import { lowLevelCluster } from './low-level';

/**
 * Batched metadata and offsets for many topics at once.
 *
 * KafkaJS's admin.fetchTopicOffsets asks one topic per call (two ListOffsets each), which is
 * 10,000 round trips for 5,000 topics. Its internal Cluster can do better: one Metadata request
 * for every topic, then one ListOffsets request per partition leader for the earliest offsets
 * and one for the latest. That is 1 + 2 × leaders requests per scan, whatever the topic count.
 * This adapter owns such a Cluster per console cluster; nothing past it sees KafkaJS types.
 */

const EARLIEST = -2;
const LATEST = -1;
const READ_UNCOMMITTED = 0; // the high watermark, as kafka-get-offsets.sh reports it

export interface ScannedTopic {
  name: string;
  internal: boolean;
  partitions: RawPartitionMetadata[];
}
export interface Scan {
  brokers: { nodeId: number; host: string; port: number; rack: string | null }[];
  controllerId: number | null;
  topics: ScannedTopic[];
}
export interface OffsetRange {
  earliest: string | null;
  latest: string | null;
}
/** topic → partition → range */
export type OffsetRanges = Map<string, Map<number, OffsetRange>>;

/** Counts the Kafka requests one console call sends, for the list's stats and the benchmark. */
export class RequestCounter {
  count = 0;
  /** ms spent in Metadata scans, for the list's stats. */
  scanMs = 0;
}

const g = globalThis as unknown as { riffleTopicClusters?: Map<string, Promise<RawCluster>> };
const rawClusters = (g.riffleTopicClusters ??= new Map());

function rawClusterFor(clusterId: string): Promise<RawCluster> {
  let entry = rawClusters.get(clusterId);
  if (!entry) {
    // The same low-level Cluster the overview uses, built by the cluster's own Kafka instance
    // (same brokers, TLS, SASL, timeouts); kept per cluster since every list call needs it.
    entry = lowLevelCluster(kafkaFor(clusterId)).then(
      (c) => c as unknown as RawCluster,
      (err: unknown) => {
        rawClusters.delete(clusterId);
        throw err;
      },
    );
    rawClusters.set(clusterId, entry);
  }
  return entry;
}

function dropRawCluster(clusterId: string, cluster: RawCluster) {
  if (rawClusters.get(clusterId)) rawClusters.delete(clusterId);
  cluster.disconnect().catch(() => {});
}

// refreshMetadata stores its answer on the shared pool: one scan at a time per cluster, so a
// concurrent scan of other topics can't swap the answer under us.
const scanLocks = new Map<string, Promise<unknown>>();
function serialized<T>(clusterId: string, fn: () => Promise<T>): Promise<T> {
  const prev = scanLocks.get(clusterId) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  scanLocks.set(clusterId, next.catch(() => {}));
  return next;
}

/** Topic metadata for the named topics, or for every topic when names is empty: one request. */
export async function scanTopics(clusterId: string, names: string[], counter: RequestCounter): Promise<Scan> {
  const cluster = await rawClusterFor(clusterId);
  const metadata = await serialized(clusterId, async () => {
    const started = performance.now();
    try {
      counter.count++;
      // The answer is taken from the request itself, not from the pool's shared `metadata`:
      // KafkaJS refreshes that field from other paths too (one topic at a time), and a list
      // read from it could come back with a single topic.
      if (Object.keys(cluster.brokerPool.brokers).length === 0) {
        counter.count++; // a new pool knows no brokers yet: fill it once
        await cluster.brokerPool.refreshMetadata(names);
      }
      // (findConnectedBroker, not withBroker: withBroker swallows the error a missing topic raises)
      const answer = (await (await cluster.brokerPool.findConnectedBroker()).metadata(names)) as RawMetadata;
      // ListOffsets is routed through the pool's broker map: keep it in step with the answer.
      if (answer.brokers.some((b) => !cluster.brokerPool.brokers[b.nodeId])) {
        counter.count++;
        await cluster.brokerPool.refreshMetadata(names);
      }
      rememberBrokers(clusterId, answer.brokers);
      return answer;
    } catch (err) {
      if (/Connection|Retries|Timeout|BrokerNotFound/.test((err as Error).name ?? '')) dropRawCluster(clusterId, cluster);
      throw err;
    } finally {
      counter.scanMs += performance.now() - started;
    }
  });
  return {
    brokers: metadata.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack ?? null })),
    controllerId: metadata.controllerId ?? null,
    topics: metadata.topicMetadata
      .filter((t) => t.topicErrorCode === 0)
      .map((t) => ({ name: t.topic, internal: t.isInternal === true || t.topic.startsWith('__'), partitions: t.partitionMetadata })),
  };
}

/**
 * Earliest and latest offsets of every partition of these topics: per leader, one ListOffsets
 * for the earliest and one for the latest, all in parallel. Partitions without a leader get
 * null offsets (nobody can answer for them).
 */
export async function fetchOffsetRanges(clusterId: string, topics: ScannedTopic[], counter: RequestCounter): Promise<OffsetRanges> {
  const cluster = await rawClusterFor(clusterId);
  const byLeader = new Map<number, Map<string, number[]>>();
  const ranges: OffsetRanges = new Map();
  for (const t of topics) {
    const perPartition = new Map<number, OffsetRange>();
    ranges.set(t.name, perPartition);
    for (const p of t.partitions) {
      perPartition.set(p.partitionId, { earliest: null, latest: null });
      if (p.leader < 0) continue;
      let leaderTopics = byLeader.get(p.leader);
      if (!leaderTopics) byLeader.set(p.leader, (leaderTopics = new Map()));
      let parts = leaderTopics.get(t.name);
      if (!parts) leaderTopics.set(t.name, (parts = []));
      parts.push(p.partitionId);
    }
  }

  const ask = async (nodeId: number, leaderTopics: Map<string, number[]>, timestamp: number, key: keyof OffsetRange) => {
    const broker = await cluster.brokerPool.findBroker({ nodeId });
    counter.count++;
    // Decoded without KafkaJS's parse, which throws away the whole answer when one partition
    // has an error (a leader moving, a topic being created or deleted by someone else). Such a
    // partition keeps null offsets; the rest of the list still answers.
    const make = broker.lookupRequest(apiKeys.ListOffsets!, requests.ListOffsets);
    const proto = make({
      isolationLevel: READ_UNCOMMITTED,
      topics: [...leaderTopics].map(([topic, partitions]) => ({ topic, partitions: partitions.map((partition) => ({ partition, timestamp })) })),
    });
    const { responses } = (await broker.connectionPool.send({ ...proto, response: { ...proto.response, parse: async (d: unknown) => d } })) as {
      responses: { topic: string; partitions: { partition: number; errorCode: number; offset?: string; offsets?: string[] }[] }[];
    };
    for (const r of responses) {
      const perPartition = ranges.get(r.topic);
      if (!perPartition) continue;
      for (const p of r.partitions) {
        const range = perPartition.get(p.partition);
        const offset = p.offset ?? p.offsets?.[p.offsets.length - 1];
        if (range && p.errorCode === 0 && offset != null) range[key] = String(offset);
      }
    }
  };

  await Promise.all(
    [...byLeader].flatMap(([nodeId, leaderTopics]) => [ask(nodeId, leaderTopics, EARLIEST, 'earliest'), ask(nodeId, leaderTopics, LATEST, 'latest')]),
  );
  return ranges;
}

// A topic deleted, or a leader moved, between the Metadata and the ListOffsets answers: scan again.
const RACE_TYPES = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'NOT_LEADER_OR_FOLLOWER', 'NOT_LEADER_FOR_PARTITION', 'LEADER_NOT_AVAILABLE', 'FENCED_LEADER_EPOCH']);

/** Scan, then offsets for the topics `pick` chooses; retried when the cluster moved in between. */
export async function scanWithOffsets(
  clusterId: string,
  names: string[],
  pick: (scan: Scan) => ScannedTopic[],
  counter: RequestCounter,
): Promise<{ scan: Scan; ranges: OffsetRanges }> {
  for (let attempt = 0; ; attempt++) {
    const scan = await scanTopics(clusterId, names, counter);
    try {
      return { scan, ranges: await fetchOffsetRanges(clusterId, pick(scan), counter) };
    } catch (err) {
      const type = (err as { type?: string }).type ?? '';
      if (attempt >= 2 || !RACE_TYPES.has(type)) throw err;
    }
  }
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

/**
 * Sends one admin request and returns the decoded answer without KafkaJS's error parsing, which
 * throws away the broker's own error message ("Unknown topic config name: x"). Operators need
 * that message beside the field, so CreateTopics and DescribeConfigs go through here.
 */
export async function sendRaw<T>(clusterId: string, apiName: 'CreateTopics' | 'DescribeConfigs', args: Record<string, unknown>, counter: RequestCounter): Promise<T> {
  const cluster = await rawClusterFor(clusterId);
  return atAdminNode(clusterId, counter, async (nodeId) => {
    const broker = await cluster.brokerPool.findBroker({ nodeId });
    const make = broker.lookupRequest(apiKeys[apiName]!, requests[apiName]);
    const proto = make(args);
    counter.count++;
    return (await broker.connectionPool.send({ ...proto, response: { ...proto.response, parse: async (d: unknown) => d } })) as T;
  });
}

const CONNECTION_ERRORS = new Set(['KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSBrokerNotFound']);

/**
 * Sends to the admin node; when that broker can't be reached, refreshes the pool's metadata and
 * sends to the node it names then, once. The admin node comes from the metadata KafkaJS keeps in
 * the pool, which it refreshes only every few minutes: after the broker it named died, every
 * admin request went to the dead broker, and the topic page answered 503 for over a minute after
 * a kill -9 while the overview already showed the broker gone (test/faults/tail-failover.test.ts).
 */
async function atAdminNode<T>(clusterId: string, counter: RequestCounter, send: (nodeId: number) => Promise<T>): Promise<T> {
  try {
    return await send(await adminNode(clusterId, counter));
  } catch (err) {
    if (!CONNECTION_ERRORS.has((err as Error).name)) throw err;
    const cluster = await rawClusterFor(clusterId);
    counter.count++;
    await cluster.brokerPool.refreshMetadata([]);
    return send(await adminNode(clusterId, counter));
  }
}

/** Where admin requests go: the controller when it is a broker we can reach, else any broker. */
async function adminNode(clusterId: string, counter: RequestCounter): Promise<number> {
  const cluster = await rawClusterFor(clusterId);
  let metadata = cluster.brokerPool.metadata;
  if (!metadata) {
    await scanTopics(clusterId, [], counter);
    metadata = cluster.brokerPool.metadata as RawMetadata;
  }
  return metadata.controllerId != null && metadata.brokers.some((b) => b.nodeId === metadata!.controllerId) ? metadata.controllerId : metadata.brokers[0]!.nodeId;
}

/** A request KafkaJS lacks, encoded by hand with its Encoder (see describe-log-dirs.ts). */
export interface HandEncodedRequest<T> {
  apiKey: number;
  apiName: string;
  /** The versions the codec speaks; the highest the broker also speaks is used. */
  versions: { min: number; max: number };
  encode(version: number): unknown;
  decode(raw: Buffer, version: number): T;
}

/** The broker speaks none of the versions a hand-encoded request supports. */
export class UnsupportedApi extends Error {
  constructor(readonly apiName: string, readonly nodeId: number) {
    super(`broker ${nodeId} does not support ${apiName} in a version the console speaks`);
  }
}

/**
 * Sends a hand-encoded request to one broker (null: the admin node, as sendRaw picks it) over
 * the adapter's Cluster, so it shares its connections, TLS and SASL.
 */
export async function sendHandEncoded<T>(clusterId: string, nodeId: number | null, r: HandEncodedRequest<T>, counter: RequestCounter): Promise<T> {
  if (nodeId === null) return atAdminNode(clusterId, counter, (target) => sendHandEncodedTo(clusterId, target, r, counter));
  return sendHandEncodedTo(clusterId, nodeId, r, counter);
}

async function sendHandEncodedTo<T>(clusterId: string, target: number, r: HandEncodedRequest<T>, counter: RequestCounter): Promise<T> {
  const cluster = await rawClusterFor(clusterId);
  let broker: RawBroker;
  try {
    broker = await cluster.brokerPool.findBroker({ nodeId: target });
  } catch (err) {
    if ((err as Error).name !== 'KafkaJSBrokerNotFound') throw err;
    await scanTopics(clusterId, [], counter); // a new pool knows no brokers yet
    broker = await cluster.brokerPool.findBroker({ nodeId: target });
  }
  const supported = broker.versions?.[r.apiKey];
  if (!supported || supported.maxVersion < r.versions.min || supported.minVersion > r.versions.max) throw new UnsupportedApi(r.apiName, target);
  const version = Math.min(r.versions.max, supported.maxVersion);
  counter.count++;
  return (await broker.connectionPool.send({
    request: { apiKey: r.apiKey, apiVersion: version, apiName: r.apiName, encode: async () => r.encode(version) },
    response: { decode: async (raw: Buffer) => r.decode(raw, version), parse: async (d: unknown) => d },
  })) as T;
}

/** The KafkaJS error type ("INVALID_CONFIG") for a protocol error code. */
export function errorTypeOf(code: number): string {
  return createErrorFromCode(code).type;
}

/**
 * DeleteRecords sent to each partition's leader, as the scan saw it. (KafkaJS's admin version
 * looks leaders up in its own metadata cache, which misses topics created moments ago.)
 */
export async function deleteRecords(clusterId: string, t: ScannedTopic, partitions: { partition: number; offset: string }[], counter: RequestCounter): Promise<void> {
  const cluster = await rawClusterFor(clusterId);
  const byLeader = new Map<number, { partition: number; offset: string }[]>();
  for (const p of partitions) {
    const leader = t.partitions.find((x) => x.partitionId === p.partition)?.leader ?? -1;
    if (leader < 0) {
      throw Object.assign(new Error(`partition ${p.partition} of ${t.name} has no leader`), { type: 'LEADER_NOT_AVAILABLE' });
    }
    const list = byLeader.get(leader) ?? [];
    list.push(p);
    byLeader.set(leader, list);
  }
  await Promise.all(
    [...byLeader].map(async ([nodeId, parts]) => {
      const broker = await cluster.brokerPool.findBroker({ nodeId });
      counter.count++;
      await broker.deleteRecords({ topics: [{ topic: t.name, partitions: parts }] });
    }),
  );
}

export interface RawConfigResource {
  errorCode: number;
  errorMessage?: string | null;
  resourceName: string;
  configEntries: { configName: string; configValue: string | null; readOnly?: boolean; isDefault?: boolean; configSource?: number; isSensitive?: boolean }[];
}

/**
 * DescribeConfigs for topics in one request to one broker. KafkaJS's admin.describeConfigs
 * first refreshes its metadata for every topic (a hidden, full Metadata request); this doesn't.
 */
export async function describeTopicConfigs(clusterId: string, topics: string[], configNames: string[] | null, counter: RequestCounter): Promise<RawConfigResource[]> {
  if (topics.length === 0) return [];
  const res = await sendRaw<{ resources: RawConfigResource[] }>(
    clusterId,
    'DescribeConfigs',
    { includeSynonyms: false, resources: topics.map((name) => ({ type: 2, name, configNames: configNames ?? [] })) }, // [] means every key
    counter,
  );
  return res.resources;
}
