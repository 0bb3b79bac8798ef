import 'server-only';
import type { Kafka } from 'kafkajs';
import { createErrorFromCode } from 'kafkajs/src/protocol/error';
import { kafkaFor } from './client';
import {
  GROUP_ID_NOT_FOUND,
  batchedFindCoordinatorVersion,
  batchedOffsetFetchVersion,
  retriableCoordinatorError,
  sendFindCoordinators,
  sendOffsetFetch,
} from './group-protocol';
import { createLowLevelCluster, type KafkaJsBroker } from './low-level';

// KafkaJS's admin asks one topic at a time for end offsets (two ListOffsets per topic) and looks
// up the coordinator before every OffsetFetch, one group per request. For a list of hundreds of
// groups that is thousands of requests, so this adapter talks to KafkaJS's cluster layer
// directly: one ListOffsets per leader broker for every topic at once, coordinators looked up in
// one batch and cached, and committed offsets of up to 500 groups per OffsetFetch v8+ request
// (group-protocol.ts encodes the batched versions KafkaJS lacks). KafkaJS 2.2.4 is pinned in
// package.json; these internals are stable across its 2.x line.

interface RawBroker extends Pick<KafkaJsBroker, 'nodeId' | 'versions' | 'connectionPool'> {
  listOffsets(req: { replicaId?: number; isolationLevel: number; topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[] }): Promise<{
    responses: { topic: string; partitions: { partition: number; offset: string; errorCode?: number }[] }[];
  }>;
  offsetFetch(req: { groupId: string; topics: { topic: string; partitions: { partition: number }[] }[] }): Promise<{
    responses: { topic: string; partitions: { partition: number; offset: string; metadata: string | null }[] }[];
    errorCode?: number;
  }>;
  describeGroups(req: { groupIds: string[] }): Promise<{ groups: RawGroupDescription[] }>;
  listGroups(): Promise<{ groups: { groupId: string; protocolType: string }[] }>;
  deleteGroups(groupIds: string[]): Promise<{ results: { groupId: string; errorCode: number }[] }>;
  offsetCommit(req: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    retentionTime?: number;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; errorCode: number }[] }[] }>;
  metadata(topics: string[]): Promise<{ topicMetadata: { topic: string; partitionMetadata: { partitionId: number; leader: number }[] }[] }>;
}

export interface RawGroupDescription {
  groupId: string;
  errorCode: number;
  state: string;
  protocolType: string;
  protocol: string;
  members: { memberId: string; clientId: string; clientHost: string; memberAssignment: Buffer }[];
}

interface RawCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  isConnected(): boolean;
  refreshMetadata(): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  findBroker(q: { nodeId: string | number }): Promise<RawBroker>;
  findGroupCoordinator(q: { groupId: string }): Promise<RawBroker>;
  brokerPool: {
    findConnectedBroker(): Promise<RawBroker>;
    refreshMetadata(topics: string[]): Promise<void>;
    brokers: Record<string, RawBroker>;
  };
}

const ISOLATION = { readUncommitted: 0, readCommitted: 1 } as const;
const LATEST = -1;
const EARLIEST = -2;

// Its own cache: this cluster's metadata refresh is anchored (below), so it must never be the
// one the topics list uses (they once shared a globalThis key, and the list then saw one topic).
const g = globalThis as unknown as { riffleGroupClusters?: Map<string, Promise<RawCluster>>; riffleCoordinatorNodes?: Map<string, { at: number; nodeId: number }> };
const raw = (g.riffleGroupClusters ??= new Map());
// group → its coordinator's node id, per cluster (key: cluster \0 group).
const coordinators = (g.riffleCoordinatorNodes ??= new Map());

// KafkaJS refreshes broker metadata by asking for every topic in the cluster, and throws the
// whole answer away when any one topic has an error (one being created or deleted by someone
// else right now). On a busy shared cluster that fails often. This layer only needs the broker
// list from that refresh, so it asks about one topic that is always there once groups exist.
const ANCHOR_TOPIC = '__consumer_offsets';

function createRawCluster(kafka: Kafka): RawCluster {
  const cluster = createLowLevelCluster<RawCluster>(kafka, { isolationLevel: ISOLATION.readUncommitted });
  const pool = cluster.brokerPool;
  const original = pool.refreshMetadata.bind(pool);
  pool.refreshMetadata = async (topics: string[]) => {
    if (topics.length > 0) return original(topics);
    try {
      return await original([ANCHOR_TOPIC]);
    } catch (err) {
      if ((err as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw err;
      return original([]); // a cluster where no group ever committed: fall back to every topic
    }
  };
  return cluster;
}

/** Connected brokers of the cluster (the pool is filled by the anchored refresh above). */
async function allBrokers(cluster: RawCluster): Promise<RawBroker[]> {
  if (Object.keys(cluster.brokerPool.brokers).length === 0) await cluster.refreshMetadata();
  return Promise.all(Object.keys(cluster.brokerPool.brokers).map((nodeId) => cluster.findBroker({ nodeId })));
}

async function clusterFor(clusterId: string): Promise<RawCluster> {
  let p = raw.get(clusterId);
  if (!p) {
    const c = createRawCluster(kafkaFor(clusterId));
    p = c.connect().then(
      () => c,
      (err: unknown) => {
        raw.delete(clusterId);
        throw err;
      },
    );
    raw.set(clusterId, p);
  }
  return p;
}

/** Runs fn with the cluster layer; a connection failure drops it so the next call starts afresh. */
async function withCluster<T>(clusterId: string, fn: (c: RawCluster) => Promise<T>): Promise<T> {
  const c = await clusterFor(clusterId);
  try {
    return await fn(c);
  } catch (err) {
    const name = (err as { name?: string })?.name ?? '';
    if (/Connection|Retries|Timeout|BrokerNotFound/.test(name)) {
      raw.delete(clusterId);
      for (const k of coordinators.keys()) if (k.startsWith(`${clusterId}\u0000`)) coordinators.delete(k);
      c.disconnect().catch(() => {});
    }
    throw err;
  }
}

type Leaders = Map<string, { partitionId: number; leader: number }[]>;

/**
 * Partition leaders of the given topics in one Metadata request. KafkaJS throws away a whole
 * answer when any topic in it has an error (one being created or deleted right now), so on an
 * error the list is split in halves until the bad topics are isolated and left out.
 */
async function partitionLeaders(cluster: RawCluster, topics: string[], counter?: OffsetsCounter): Promise<Leaders> {
  const out: Leaders = new Map();
  if (topics.length === 0) return out;
  const broker = await cluster.brokerPool.findConnectedBroker();
  const ask = async (list: string[]): Promise<void> => {
    try {
      if (counter) counter.requests++;
      const { topicMetadata } = await broker.metadata(list);
      for (const t of topicMetadata) out.set(t.topic, t.partitionMetadata);
    } catch (err) {
      const type = (err as { type?: string }).type ?? '';
      if (!/UNKNOWN_TOPIC_OR_PARTITION|LEADER_NOT_AVAILABLE|INVALID_TOPIC|TOPIC_AUTHORIZATION_FAILED/.test(type)) throw err;
      if (list.length === 1) return; // this topic is the problem: leave it out
      const mid = Math.ceil(list.length / 2);
      await Promise.all([ask(list.slice(0, mid)), ask(list.slice(mid))]);
    }
  };
  await ask(topics);
  return out;
}

export interface PartitionOffsets {
  partition: number;
  logStart: number;
  /** High watermark: what read_uncommitted consumers can read up to. */
  logEnd: number;
  /** Last stable offset: where read_committed consumers stop. */
  lastStable: number;
}

export interface OffsetsCounter {
  requests: number;
}

/**
 * Log start, log end and last stable offset of every partition of the given topics: one
 * ListOffsets request per leader broker and kind, whatever the number of topics. Topics that
 * don't exist are left out of the answer.
 */
export async function topicOffsets(clusterId: string, topics: string[], counter?: OffsetsCounter): Promise<Map<string, PartitionOffsets[]>> {
  const out = new Map<string, PartitionOffsets[]>();
  if (topics.length === 0) return out;
  return withCluster(clusterId, async (cluster) => {
    const known = await partitionLeaders(cluster, [...new Set(topics)], counter);
    const byLeader = new Map<number, { topic: string; partitions: number[] }[]>();
    for (const topic of new Set(topics)) {
      const parts = known.get(topic);
      if (!parts) continue;
      for (const p of parts) {
        const list = byLeader.get(p.leader) ?? [];
        let entry = list.find((e) => e.topic === topic);
        if (!entry) list.push((entry = { topic, partitions: [] }));
        entry.partitions.push(p.partitionId);
        byLeader.set(p.leader, list);
      }
      out.set(
        topic,
        parts.map((p) => ({ partition: p.partitionId, logStart: 0, logEnd: 0, lastStable: 0 })).sort((a, b) => a.partition - b.partition),
      );
    }
    await Promise.all(
      [...byLeader].map(async ([leader, entries]) => {
        const broker = await cluster.findBroker({ nodeId: leader });
        const ask = (timestamp: number, isolationLevel: number) =>
          broker.listOffsets({
            replicaId: -1,
            isolationLevel,
            topics: entries.map((e) => ({ topic: e.topic, partitions: e.partitions.map((partition) => ({ partition, timestamp })) })),
          });
        const [start, end, stable] = await Promise.all([
          ask(EARLIEST, ISOLATION.readUncommitted),
          ask(LATEST, ISOLATION.readUncommitted),
          ask(LATEST, ISOLATION.readCommitted),
        ]);
        if (counter) counter.requests += 3;
        const put = (res: typeof start, key: 'logStart' | 'logEnd' | 'lastStable') => {
          for (const t of res.responses) {
            const parts = out.get(t.topic);
            for (const p of t.partitions) {
              const row = parts?.find((r) => r.partition === p.partition);
              if (row) row[key] = Number(p.offset);
            }
          }
        };
        put(start, 'logStart');
        put(end, 'logEnd');
        put(stable, 'lastStable');
      }),
    );
    return out;
  });
}

/** Offsets by timestamp for some partitions of a topic: -1 where no message is that new. */
export async function offsetsForTimestamp(clusterId: string, topic: string, partitions: number[], timestamp: number): Promise<Map<number, number>> {
  return withCluster(clusterId, async (cluster) => {
    const meta = (await partitionLeaders(cluster, [topic])).get(topic) ?? [];
    const byLeader = new Map<number, number[]>();
    for (const p of meta) if (partitions.includes(p.partitionId)) byLeader.set(p.leader, [...(byLeader.get(p.leader) ?? []), p.partitionId]);
    const out = new Map<number, number>();
    await Promise.all(
      [...byLeader].map(async ([leader, parts]) => {
        const broker = await cluster.findBroker({ nodeId: leader });
        const res = await broker.listOffsets({
          replicaId: -1,
          isolationLevel: ISOLATION.readUncommitted,
          topics: [{ topic, partitions: parts.map((partition) => ({ partition, timestamp })) }],
        });
        for (const t of res.responses) for (const p of t.partitions) out.set(p.partition, Number(p.offset));
      }),
    );
    return out;
  });
}

const COORDINATOR_TTL_MS = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function forgetCoordinator(clusterId: string, groupId: string): void {
  coordinators.delete(`${clusterId}\u0000${groupId}`);
}

/**
 * The coordinator (node id) of each group, grouped by node: cached ones from the cache (60 s),
 * the rest with one batched FindCoordinator v4 request (KIP-699), or one FindCoordinator per
 * group from brokers older than Kafka 3.0.
 */
async function coordinatorNodes(cluster: RawCluster, clusterId: string, groupIds: string[], counter?: OffsetsCounter): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  const put = (nodeId: number, groupId: string) => {
    const list = out.get(nodeId);
    if (list) list.push(groupId);
    else out.set(nodeId, [groupId]);
  };
  let missing: string[] = [];
  const now = Date.now();
  for (const id of groupIds) {
    const hit = coordinators.get(`${clusterId}\u0000${id}`);
    if (hit && hit.at > now - COORDINATOR_TTL_MS) put(hit.nodeId, id);
    else missing.push(id);
  }
  if (missing.length === 0) return out;
  if (coordinators.size > 20_000) coordinators.clear();
  const remember = (groupId: string, nodeId: number) => {
    coordinators.set(`${clusterId}\u0000${groupId}`, { at: Date.now(), nodeId });
    put(nodeId, groupId);
  };
  const any = await cluster.brokerPool.findConnectedBroker();
  const version = batchedFindCoordinatorVersion(any);
  if (version === null) {
    await Promise.all(
      missing.map(async (groupId) => {
        if (counter) counter.requests++;
        const broker = await cluster.findGroupCoordinator({ groupId });
        remember(groupId, broker.nodeId);
      }),
    );
    return out;
  }
  // A coordinator that is still loading its partition of __consumer_offsets answers with a
  // retriable error for the groups it holds: ask again for those, briefly.
  for (let attempt = 0; missing.length > 0; attempt++) {
    if (attempt > 0) await sleep(150 * attempt);
    const retry: string[] = [];
    for (let i = 0; i < missing.length; i += FIND_COORDINATOR_CHUNK) {
      const res = await sendFindCoordinators(any, missing.slice(i, i + FIND_COORDINATOR_CHUNK), version);
      if (counter) counter.requests++;
      for (const c of res.coordinators) {
        if (c.errorCode === 0) remember(c.key, c.nodeId);
        else if (retriableCoordinatorError(c.errorCode) && attempt < 4) retry.push(c.key);
        else throw createErrorFromCode(c.errorCode);
      }
    }
    missing = retry;
  }
  return out;
}

/**
 * A broker by node id. A fresh cluster layer knows only its seed broker, and a new broker only
 * after a refresh: KafkaJS refreshes the metadata when it can't find one, then throws, so ask twice.
 */
async function brokerById(cluster: RawCluster, nodeId: number): Promise<RawBroker> {
  try {
    return await cluster.findBroker({ nodeId });
  } catch (err) {
    if ((err as { name?: string }).name !== 'KafkaJSBrokerNotFound') throw err;
    return cluster.findBroker({ nodeId });
  }
}

async function coordinatorFor(cluster: RawCluster, clusterId: string, groupId: string): Promise<RawBroker> {
  const [nodeId] = [...(await coordinatorNodes(cluster, clusterId, [groupId])).keys()];
  return brokerById(cluster, nodeId!);
}

/** Committed offsets: group → topic → partition → offset (partitions without a commit are absent). */
export type CommittedOffsets = Map<string, Map<string, Map<number, number>>>;

const FIND_COORDINATOR_CHUNK = 1_000;
/** Groups per batched OffsetFetch request (a coordinator answers each in one go). */
const OFFSET_FETCH_CHUNK = 500;

function offsetsByTopic(topics: { topic: string; partitions: { partition: number; offset: string | number }[] }[]): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const t of topics) {
    for (const p of t.partitions) {
      const offset = Number(p.offset);
      if (offset < 0) continue; // -1: no commit for this partition
      let parts = out.get(t.topic);
      if (!parts) out.set(t.topic, (parts = new Map()));
      parts.set(p.partition, offset);
    }
  }
  return out;
}

export interface CommittedOffsetsOptions {
  /** Force one OffsetFetch per group (the path for brokers before Kafka 3.0); for comparisons. */
  perGroup?: boolean;
}

/**
 * Committed offsets of many groups: one OffsetFetch v8+ request (KIP-709) per coordinator for up
 * to 500 groups, after one batched FindCoordinator for the groups whose coordinator isn't
 * cached. A group that doesn't exist comes back with no offsets. Brokers that only know the
 * one-group versions (Kafka before 3.0) get one pipelined OffsetFetch per group.
 */
export async function committedOffsets(clusterId: string, groupIds: string[], counter?: OffsetsCounter, options: CommittedOffsetsOptions = {}): Promise<CommittedOffsets> {
  const out: CommittedOffsets = new Map();
  if (groupIds.length === 0) return out;
  return withCluster(clusterId, async (cluster) => {
    let pending = [...new Set(groupIds)];
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(150 * attempt);
      const retry: string[] = [];
      const byNode = await coordinatorNodes(cluster, clusterId, pending, counter);
      await Promise.all(
        [...byNode].map(async ([nodeId, ids]) => {
          const broker = await brokerById(cluster, nodeId);
          const version = options.perGroup ? null : batchedOffsetFetchVersion(broker);
          if (version === null) {
            await offsetsPerGroup(broker, ids, out, counter);
            return;
          }
          for (let i = 0; i < ids.length; i += OFFSET_FETCH_CHUNK) {
            const chunk = ids.slice(i, i + OFFSET_FETCH_CHUNK);
            const res = await sendOffsetFetch(broker, chunk, version);
            if (counter) counter.requests++;
            for (const g of res.groups) {
              if (g.errorCode === 0 || g.errorCode === GROUP_ID_NOT_FOUND) {
                const failed = g.topics.flatMap((t) => t.partitions).find((p) => p.errorCode !== 0);
                if (failed) throw createErrorFromCode(failed.errorCode);
                out.set(g.groupId, offsetsByTopic(g.topics));
              } else if (retriableCoordinatorError(g.errorCode) && attempt < 4) {
                forgetCoordinator(clusterId, g.groupId); // moved, or still loading: look it up again
                retry.push(g.groupId);
              } else {
                throw createErrorFromCode(g.errorCode);
              }
            }
          }
        }),
      );
      pending = retry;
    }
    for (const id of groupIds) if (!out.has(id)) out.set(id, new Map()); // not in an answer: nothing committed
    return out;
  });
}

/** One OffsetFetch per group, pipelined on the coordinator's connection (pre-3.0 brokers). */
async function offsetsPerGroup(broker: RawBroker, groupIds: string[], out: CommittedOffsets, counter?: OffsetsCounter, concurrency = 100): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < groupIds.length) {
      const groupId = groupIds[next++]!;
      const res = await broker.offsetFetch({ groupId, topics: [] }); // empty = every topic the group committed to
      if (counter) counter.requests++;
      out.set(groupId, offsetsByTopic(res.responses));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, groupIds.length) }, worker));
}

/**
 * Describes many groups: one DescribeGroups request per coordinator (coordinators cached and
 * looked up in one batch), where KafkaJS's admin would look each coordinator up again on every
 * call.
 */
export async function describeGroupsBatched(clusterId: string, groupIds: string[], counter?: OffsetsCounter): Promise<RawGroupDescription[]> {
  if (groupIds.length === 0) return [];
  return withCluster(clusterId, async (cluster) => {
    const byNode = await coordinatorNodes(cluster, clusterId, [...new Set(groupIds)], counter);
    const out: RawGroupDescription[] = [];
    await Promise.all(
      [...byNode].map(async ([nodeId, ids]) => {
        const broker = await brokerById(cluster, nodeId);
        const CHUNK = 500;
        for (let i = 0; i < ids.length; i += CHUNK) {
          const { groups } = await broker.describeGroups({ groupIds: ids.slice(i, i + CHUNK) });
          if (counter) counter.requests++;
          out.push(...groups);
        }
      }),
    );
    return out;
  });
}

/** Every group on every broker (ListGroups, one request per broker). */
export async function listAllGroups(clusterId: string, counter?: OffsetsCounter): Promise<{ groupId: string; protocolType: string }[]> {
  return withCluster(clusterId, async (cluster) => {
    const brokers = await allBrokers(cluster);
    const lists = await Promise.all(brokers.map((b) => b.listGroups()));
    if (counter) counter.requests += brokers.length;
    return lists.flatMap((l) => l.groups);
  });
}

/** Commits offsets for an empty group (generation -1, no member), as kafka-consumer-groups does. */
export async function commitGroupOffsets(clusterId: string, groupId: string, topic: string, partitions: { partition: number; offset: number }[]): Promise<void> {
  await withCluster(clusterId, async (cluster) => {
    const broker = await coordinatorFor(cluster, clusterId, groupId);
    const res = await broker.offsetCommit({
      groupId,
      groupGenerationId: -1,
      memberId: '',
      retentionTime: -1,
      topics: [{ topic, partitions: partitions.map((p) => ({ partition: p.partition, offset: String(p.offset) })) }],
    });
    const failed = res.responses.flatMap((t) => t.partitions).find((p) => p.errorCode !== 0);
    if (failed) throw Object.assign(new Error(`offset commit failed with error code ${failed.errorCode}`), { code: failed.errorCode });
  });
}

/**
 * Deletes one group at its coordinator. Returns null when it is gone, or the broker's reason when
 * it isn't: NON_EMPTY_GROUP while it has members, GROUP_ID_NOT_FOUND when there was none.
 */
export async function deleteGroupAtCoordinator(clusterId: string, groupId: string): Promise<string | null> {
  return withCluster(clusterId, async (cluster) => {
    const broker = await coordinatorFor(cluster, clusterId, groupId);
    const { results } = await broker.deleteGroups([groupId]);
    const mine = results.find((r) => r.groupId === groupId);
    return mine && mine.errorCode !== 0 ? createErrorFromCode(mine.errorCode).type : null;
  });
}
