import 'server-only';
import {
  createTopicSchema,
  isInternalTopic,
  TOPIC_CONFIG,
  type AlterConfigsInput,
  type ConfigEntry,
  type PurgeInput,
  type PurgeResult,
  type ReplicaSize,
  type TopicDetail,
  type TopicList,
  type TopicListQuery,
  type TopicSizes,
  type TopicSummary,
  topicListQuery,
  alterConfigsInput,
  topicName,
} from '@/lib/contracts/topics';
import { AppError, BadRequest, NotFound, Unprocessable } from '../errors';
import { errorName, RequestCounter, UnsupportedApi } from './client';
import { CONFIG_OP, incrementalAlterConfigs, type ConfigOp } from './alter-configs';
import { describeConfigs, type DescribedResource } from './describe-configs';
import { describeLogDirs } from './describe-log-dirs';
import { mapKafkaError } from './kafka-errors';
import { fetchOffsetRanges, messageCount, scanTopics, scanWithOffsets, type OffsetRanges, type Scan, type ScannedTopic } from './metadata';
import { topicIndex } from './topic-index';
import { byName, orderTopics } from './topic-list-order';
import { createPartitions, createTopics, deleteRecords, deleteTopics } from './topic-admin';

// ── shared helpers ──────────────────────────────────────────────────────────────────────────

function isCompacting(policy: string | null): boolean {
  return policy == null || policy.includes('compact');
}

function summarize(t: ScannedTopic): Omit<TopicSummary, 'messages' | 'messagesIsEstimate' | 'cleanupPolicy'> {
  let under = 0;
  let offline = 0;
  let rf = 0;
  for (const p of t.partitions) {
    rf = Math.max(rf, p.replicas.length);
    if (p.isr.length < p.replicas.length) under++;
    if (p.leader < 0) offline++;
  }
  return { name: t.name, internal: t.internal, partitions: t.partitions.length, replicationFactor: rf, underReplicatedPartitions: under, offlinePartitions: offline };
}

/** A broker's per-resource error (code + its own message) as the one error shape. */
function brokerError(code: number, message: string | null | undefined, topic: string): AppError {
  const type = errorName(code);
  if (type === 'INVALID_CONFIG') {
    const key = /(?:config name:?|for configuration)\s*([a-z0-9._-]+)/i.exec(message ?? '')?.[1];
    return new BadRequest(message || 'the broker rejected a config value', key ? `configs.${key}` : 'configs', 'INVALID_CONFIG');
  }
  const mapped = mapKafkaError({ type, message: message || undefined }, { topic });
  if (mapped) return mapped;
  return new AppError(422, type || 'KAFKA_ERROR', message || `the broker answered ${type}`);
}

/** Whatever the client threw, as an AppError when we know what it means. */
function rethrow(err: unknown, topic: string): never {
  throw mapKafkaError(err, { topic }) ?? err;
}

async function scanOne(clusterId: string, topic: string, counter: RequestCounter): Promise<{ scan: Scan; t: ScannedTopic }> {
  let scan: Scan;
  try {
    scan = await scanTopics(clusterId, [topic], counter);
  } catch (err) {
    rethrow(err, topic);
  }
  const t = scan.topics.find((x) => x.name === topic);
  if (!t) throw new NotFound(`topic "${topic}" does not exist`, 'topic');
  return { scan, t };
}

// ── list ────────────────────────────────────────────────────────────────────────────────────

/** Cleanup policy of each topic on the page: it decides whether the message count is exact. */
async function cleanupPolicies(clusterId: string, names: string[], counter: RequestCounter): Promise<Map<string, string | null>> {
  if (names.length === 0) return new Map();
  const resources = await describeConfigs(clusterId, names.map((name) => ({ type: 'topic' as const, name, configNames: [TOPIC_CONFIG.cleanupPolicy] })), counter).catch(() => [] as DescribedResource[]);
  return new Map(resources.filter((r) => r.errorCode === 0).map((r) => [r.name, r.entries.find((e) => e.name === TOPIC_CONFIG.cleanupPolicy)?.value ?? null]));
}

/**
 * One page of topics. The names come from the topic index (topic-index.ts: in memory, one
 * whole-cluster read shared by every caller, refreshed in the background), so the cost of a
 * call follows the page, not the cluster. Kafka requests: 1 Metadata for the page's topics only
 * (fresh leaders, replicas and ISR for the rows shown), alongside 1 DescribeConfigs
 * (cleanup.policy) for the page; then 2 ListOffsets per leader (earliest, latest) for the page,
 * or for every matching topic when sorting by messages. Plus 1 whole-cluster Metadata when the
 * call had to wait for the index (the first call, or `refresh`).
 */
export async function listTopics(clusterId: string, rawQuery: TopicListQuery): Promise<TopicList> {
  const q = topicListQuery.parse(rawQuery);
  const started = performance.now();
  const counter = new RequestCounter();
  const index = topicIndex(clusterId);
  const view = await index.get({ force: q.refresh, counter });
  const dir = q.dir === 'asc' ? 1 : -1;

  let matching = orderTopics(view.snapshot.names, view.snapshot.topics, q);
  let ranges: OffsetRanges = new Map();
  if (q.sort === 'messages') {
    // every matching topic's offsets, with the index's leaders (a moved leader leaves a partition's count at 0 until the next read)
    ranges = await fetchOffsetRanges(clusterId, matching, counter);
    const counts = new Map([...ranges].map(([name, per]) => [name, messageCount(per)]));
    matching.sort((a, b) => (counts.get(a.name)! - counts.get(b.name)!) * dir || byName(a, b));
  }

  // The page's topics, asked about afresh. One another client deleted since the index was read
  // leaves the index, and the page fills up from the next rows: a page is never shorter than asked.
  let page: ScannedTopic[] = [];
  let fresh: Scan | null = null;
  let policies: Map<string, string | null> = new Map();
  for (let attempt = 0; ; attempt++) {
    page = matching.slice(q.cursor, q.cursor + q.limit);
    if (page.length === 0) break;
    const names = page.map((t) => t.name);
    [fresh, policies] = await Promise.all([scanTopics(clusterId, names, counter), cleanupPolicies(clusterId, names, counter)]);
    const gone = new Set(fresh.unknownTopics);
    if (gone.size === 0 || attempt >= 2) {
      // a topic Kafka answered with another error (no leader yet) keeps the index's row
      const asked = new Map(fresh.topics.map((t) => [t.name, t]));
      page = page.filter((t) => !gone.has(t.name)).map((t) => asked.get(t.name) ?? t);
      break;
    }
    for (const n of gone) index.remove(n);
    matching = matching.filter((t) => !gone.has(t.name));
  }
  const total = matching.length;
  if (q.sort !== 'messages' && page.length) ranges = await fetchOffsetRanges(clusterId, page, counter);
  const offsetsMs = performance.now() - started - counter.metadataMs;

  const topics: TopicSummary[] = page.map((t) => {
    const p = policies.get(t.name) ?? null;
    return { ...summarize(t), messages: messageCount(ranges.get(t.name)), messagesIsEstimate: isCompacting(p), cleanupPolicy: p };
  });
  const next = q.cursor + q.limit;
  return {
    topics,
    total,
    nextCursor: next < total ? String(next) : null,
    liveBrokers: fresh?.brokers.length ?? view.snapshot.liveBrokers,
    indexedAt: new Date(view.snapshot.readAt).toISOString(),
    indexAgeMs: Math.round(view.ageMs),
    stats: {
      kafkaRequests: counter.count,
      latencyMs: Math.round(performance.now() - started),
      topicsScanned: view.snapshot.names.length,
      scanMs: Math.round(counter.metadataMs),
      offsetsMs: Math.round(offsetsMs),
      indexRead: view.read,
      indexWaitMs: Math.round(view.waitedMs),
      // the read's own time, also for a caller who joined a read another call started
      indexReadMs: Math.round(view.read === 'warm' || view.read === 'stale' ? 0 : view.snapshot.readMs),
      indexReads: index.reads,
    },
  };
}

// ── detail ──────────────────────────────────────────────────────────────────────────────────

export async function getTopic(clusterId: string, topic: string): Promise<TopicDetail> {
  const counter = new RequestCounter();
  let result: Awaited<ReturnType<typeof scanWithOffsets>>;
  try {
    result = await scanWithOffsets(clusterId, [topic], (s) => s.topics.filter((t) => t.name === topic), counter);
  } catch (err) {
    rethrow(err, topic);
  }
  const { scan, ranges } = result;
  const t = scan.topics.find((x) => x.name === topic);
  if (!t) throw new NotFound(`topic "${topic}" does not exist`, 'topic');
  const [resources, sizes] = await Promise.all([
    describeConfigs(clusterId, [{ type: 'topic', name: topic }], counter).catch((err) => rethrow(err, topic)),
    topicSizes(clusterId, t, scan, counter),
  ]);
  if (resources[0] && resources[0].errorCode !== 0) throw brokerError(resources[0].errorCode, resources[0].errorMessage, topic);
  const configs = resources[0]?.entries ?? [];
  const policy = configs.find((c) => c.name === TOPIC_CONFIG.cleanupPolicy)?.value ?? null;
  const perPartition = ranges.get(topic);
  const s = summarize(t);
  return {
    name: topic,
    internal: t.internal,
    replicationFactor: s.replicationFactor,
    partitions: t.partitions
      .map((p) => ({
        partition: p.partition,
        leader: p.leader,
        replicas: p.replicas,
        isr: p.isr,
        offlineReplicas: p.offlineReplicas ?? [],
        earliest: perPartition?.get(p.partition)?.earliest ?? null,
        latest: perPartition?.get(p.partition)?.latest ?? null,
      }))
      .sort((a, b) => a.partition - b.partition),
    brokers: scan.brokers.map(({ nodeId, host, port }) => ({ nodeId, host, port })).sort((a, b) => a.nodeId - b.nodeId),
    configs,
    messages: messageCount(perPartition),
    messagesIsEstimate: isCompacting(policy),
    underReplicatedPartitions: s.underReplicatedPartitions,
    offlinePartitions: s.offlinePartitions,
    sizes,
    fetchedAt: new Date().toISOString(),
  };
}

/** Size on disk of every replica: one DescribeLogDirs per broker hosting one, for this topic only. */
async function topicSizes(clusterId: string, t: ScannedTopic, scan: Scan, counter: RequestCounter): Promise<TopicSizes | null> {
  const live = new Set(scan.brokers.map((b) => b.nodeId));
  const hosts = [...new Set(t.partitions.flatMap((p) => p.replicas))].sort((a, b) => a - b);
  const asked = hosts.filter((id) => live.has(id));
  const answers = await describeLogDirs(clusterId, asked, { topics: [{ topic: t.name, partitions: t.partitions.map((p) => p.partition) }] }, counter);
  const replicas: ReplicaSize[] = [];
  for (const [broker, dirs] of answers) {
    for (const d of dirs ?? []) {
      for (const x of d.topics) {
        if (x.name !== t.name) continue;
        for (const p of x.partitions) replicas.push({ partition: p.partition, broker, logDir: d.path, bytes: p.bytes, offsetLag: p.offsetLag, isFuture: p.isFuture });
      }
    }
  }
  const missingBrokers = hosts.filter((id) => !answers.get(id));
  if (asked.length > 0 && missingBrokers.length === hosts.length) return null;
  replicas.sort((a, b) => a.partition - b.partition || a.broker - b.broker || Number(a.isFuture) - Number(b.isFuture));
  const current = replicas.filter((r) => !r.isFuture);
  let leaderBytes = 0;
  for (const p of t.partitions) {
    const copies = current.filter((r) => r.partition === p.partition);
    const leader = copies.find((r) => r.broker === p.leader);
    leaderBytes += leader ? leader.bytes : Math.max(0, ...copies.map((r) => r.bytes));
  }
  return { totalBytes: current.reduce((n, r) => n + r.bytes, 0), leaderBytes, replicas, missingBrokers };
}

// ── create ──────────────────────────────────────────────────────────────────────────────────

export async function createTopic(clusterId: string, body: unknown) {
  const counter = new RequestCounter();
  const { brokers } = await scanTopics(clusterId, [], counter);
  // The same schema as the form, now with the cluster's live broker count.
  const input = createTopicSchema({ liveBrokers: brokers.length }).parse(body);
  const res = await createTopics(clusterId, { name: input.name, partitions: input.partitions, replicationFactor: input.replicationFactor, configs: input.configs }, counter);
  if (res.errorCode !== 0) throw brokerError(res.errorCode, res.errorMessage, input.name);
  await waitForLeaders(clusterId, input.name, input.partitions);
  // in the list at once for whoever made it, not after the index's next read
  topicIndex(clusterId).upsert(await scannedOrNew(clusterId, input.name, input.partitions));
  return { name: input.name, partitions: input.partitions, replicationFactor: input.replicationFactor };
}

/** The topic as Kafka describes it now, or (when it won't say yet) as just made: for the topic index. */
async function scannedOrNew(clusterId: string, topic: string, partitions: number): Promise<ScannedTopic> {
  const scan = await scanTopics(clusterId, [topic]).catch(() => null);
  const t = scan?.topics.find((x) => x.name === topic);
  if (t) return t;
  return { name: topic, internal: false, partitions: Array.from({ length: partitions }, (_, i) => ({ partition: i, leader: -1, replicas: [], isr: [], offlineReplicas: [] })) };
}

/** A new topic's partitions get leaders a moment after CreateTopics answers; wait for them. */
async function waitForLeaders(clusterId: string, topic: string, partitions: number) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      const scan = await scanTopics(clusterId, [topic], new RequestCounter());
      const t = scan.topics.find((x) => x.name === topic);
      if (t && t.partitions.length >= partitions && t.partitions.every((p) => p.leader >= 0)) return;
    } catch {
      // LEADER_NOT_AVAILABLE while the controller elects: ask again
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ── delete ──────────────────────────────────────────────────────────────────────────────────

export async function deleteTopic(clusterId: string, topic: string) {
  if (isInternalTopic(topic)) throw new AppError(403, 'INTERNAL_TOPIC', `"${topic}" is an internal topic: Kafka needs it, so the console will not delete it`, 'topic');
  await scanOne(clusterId, topic, new RequestCounter());
  const res = await deleteTopics(clusterId, topic).catch((err) => rethrow(err, topic));
  if (res.errorCode !== 0) throw brokerError(res.errorCode, res.errorMessage, topic);
  topicIndex(clusterId).remove(topic);
  return { deleted: topic };
}

// ── configs ─────────────────────────────────────────────────────────────────────────────────

/**
 * Changes only the keys asked for, with one IncrementalAlterConfigs: SET for each key set,
 * DELETE (back to the default) for each key reset. The controller applies it atomically, so
 * overrides nobody named survive, and so does a concurrent edit of another key.
 */
export async function alterTopicConfigs(clusterId: string, topic: string, body: unknown): Promise<{ configs: ConfigEntry[] }> {
  const input: AlterConfigsInput = alterConfigsInput.parse(body);
  const set = input.set ?? {};
  const del = input.delete ?? [];
  await scanOne(clusterId, topic, new RequestCounter());
  const ops: ConfigOp[] = [
    ...Object.entries(set).map(([name, value]): ConfigOp => ({ name, op: CONFIG_OP.set, value })),
    ...del.map((name): ConfigOp => ({ name, op: CONFIG_OP.delete })),
  ];
  let result: Awaited<ReturnType<typeof incrementalAlterConfigs>>;
  try {
    result = await incrementalAlterConfigs(clusterId, { type: 'topic', name: topic, ops });
  } catch (err) {
    if (err instanceof UnsupportedApi) throw new Unprocessable(`${err.message}: editing configs needs Kafka 2.3 or later`, undefined, 'UNSUPPORTED_VERSION');
    rethrow(err, topic);
  }
  if (result.errorCode !== 0) {
    const e = brokerError(result.errorCode, result.errorMessage, topic);
    // Name the field the form shows: the key set or reset, when the broker's message names it.
    const key = e.field?.startsWith('configs.') ? e.field.slice(8) : [...Object.keys(set), ...del].find((k) => (result.errorMessage ?? '').includes(k));
    const field = key === undefined ? undefined : key in set ? `set.${key}` : del.includes(key) ? 'delete' : undefined;
    if (field && e instanceof BadRequest) throw new BadRequest(e.message, field, e.code);
    throw e;
  }
  // Config changes reach every broker through the metadata log a moment later. Answer once this
  // change is visible (other keys may be changing meanwhile), so the form's refetch shows it.
  const deadline = Date.now() + 5_000;
  for (;;) {
    const after = await describeConfigs(clusterId, [{ type: 'topic', name: topic }]);
    const configs = after[0]?.entries ?? [];
    const byName = new Map(configs.map((c) => [c.name, c]));
    const visible =
      Object.entries(set).every(([k, v]) => byName.get(k)?.source === 'topic' && (byName.get(k)?.sensitive || byName.get(k)?.value === v)) &&
      del.every((k) => byName.get(k)?.source !== 'topic');
    if (visible || Date.now() > deadline) return { configs };
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ── partitions ──────────────────────────────────────────────────────────────────────────────

export async function addPartitions(clusterId: string, topic: string, count: number) {
  const { t } = await scanOne(clusterId, topic, new RequestCounter());
  if (count <= t.partitions.length) {
    throw new BadRequest(`"${topic}" has ${t.partitions.length} partitions; the new total must be more (Kafka cannot remove partitions)`, 'count', 'INVALID_PARTITIONS');
  }
  const res = await createPartitions(clusterId, topic, count).catch((err) => rethrow(err, topic));
  if (res.errorCode !== 0) throw brokerError(res.errorCode, res.errorMessage, topic);
  await waitForLeaders(clusterId, topic, count);
  topicIndex(clusterId).upsert(await scannedOrNew(clusterId, topic, count));
  return { name: topic, partitions: count };
}

// ── purge ───────────────────────────────────────────────────────────────────────────────────

export async function purgeTopic(clusterId: string, topic: string, input: PurgeInput): Promise<PurgeResult> {
  const counter = new RequestCounter();
  const { t } = await scanOne(clusterId, topic, counter);
  if (isInternalTopic(topic)) throw new AppError(403, 'INTERNAL_TOPIC', `"${topic}" is an internal topic: the console will not delete its records`, 'topic');
  const ranges = await fetchOffsetRanges(clusterId, [t], counter);
  const per = ranges.get(topic)!;
  let partitions: { partition: number; offset: string }[];
  if (input.mode === 'all') {
    // up to each partition's current end: records produced after this moment stay
    partitions = t.partitions.map((p) => ({ partition: p.partition, offset: per.get(p.partition)?.latest ?? '-1' }));
  } else {
    const range = per.get(input.partition);
    if (!range) throw new BadRequest(`"${topic}" has no partition ${input.partition} (it has ${t.partitions.length})`, 'partition');
    if (range.latest != null && BigInt(input.offset) > BigInt(range.latest)) {
      throw new BadRequest(`offset ${input.offset} is past the end of partition ${input.partition} (latest offset ${range.latest})`, 'offset', 'OFFSET_OUT_OF_RANGE');
    }
    partitions = [{ partition: input.partition, offset: String(input.offset) }];
  }
  await deleteRecords(clusterId, t, partitions, counter).catch((err) => rethrow(err, topic));
  const after = await fetchOffsetRanges(clusterId, [t], new RequestCounter());
  return {
    partitions: partitions.map((p) => ({ partition: p.partition, lowWatermark: after.get(topic)?.get(p.partition)?.earliest ?? '0' })),
  };
}

/** The {topic} path segment, checked against Kafka's name rules (a bad name is a 400, not a 404). */
export function topicParam(raw: string): string {
  const r = topicName.safeParse(raw);
  if (!r.success) throw new BadRequest(`topic: ${r.error.issues[0]?.message ?? 'invalid topic name'}`, 'topic', 'VALIDATION_FAILED');
  return r.data;
}
