import { Kafka, logLevel, Partitioners, type Admin, type IHeaders, type logCreator, type Message, type PartitionMetadata } from 'kafkajs';
// snappy, lz4 and zstd next to KafkaJS's gzip: the pipeline reads what any producer wrote
import '@/lib/server/kafka/codecs';
import type { PipelineNames } from './names';

// Keys are hashed with the default partitioner on every client of these topics; no need to warn.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

/** Retry settings for idempotent/transactional producers: KafkaJS wants them unbounded. */
export const IDEMPOTENT_RETRY = { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5_000 };

const lastLogged = new Map<string, number>();
// KafkaJS logs every retry; one line per distinct message a minute says what is wrong.
const quietLog: logCreator = () => ({ namespace, level, log }) => {
  if (level > logLevel.WARN) return;
  const key = `${namespace}:${log.message}`;
  const now = Date.now();
  if ((lastLogged.get(key) ?? 0) > now - 60_000) return;
  lastLogged.set(key, now);
  console.warn(`[kafkajs] ${namespace}: ${log.message}`);
};

export function pipelineKafka(clientId: string, brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'): Kafka {
  return new Kafka({
    clientId,
    brokers: brokers.split(',').map((b) => b.trim()).filter(Boolean),
    logCreator: quietLog,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    // The pipeline outlives broker hiccups: keep retrying rather than crash.
    retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 5_000 },
  });
}

export interface TopicLayout {
  partitions: number;
  replicationFactor?: number;
}

/** Creates the pipeline's topics if missing (auto-create is off on the cluster). */
export async function ensureTopics(admin: Admin, names: PipelineNames, layout: TopicLayout = { partitions: 4 }): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const rf = layout.replicationFactor ?? -1;
  // Records carry 2012–2015 observation times. As CreateTime, the broker would roll a segment per
  // append and delete them at once (retention counts from the record timestamp), so these topics
  // stamp records with the append time; the event time is the payload's observedAt.
  const appendTime = [{ name: 'message.timestamp.type', value: 'LogAppendTime' }];
  const wanted = [
    { topic: names.raw, numPartitions: layout.partitions, configEntries: appendTime },
    { topic: names.processed, numPartitions: layout.partitions, configEntries: appendTime },
    { topic: names.dlq, numPartitions: 1, configEntries: appendTime },
    // Same partition count as raw: a station's state lives on the partition number of its events.
    { topic: names.changelog, numPartitions: layout.partitions, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
    { topic: names.control, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
  ];
  const missing = wanted.filter((t) => !existing.has(t.topic));
  if (missing.length > 0) {
    try {
      await admin.createTopics({ topics: missing.map((t) => ({ ...t, replicationFactor: rf })), waitForLeaders: false });
    } catch (err) {
      // Another instance created them first.
      if ((err as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS' && !/already exists/i.test(String((err as Error).message))) throw err;
    }
  }
  // Whoever created them, wait until every partition has a leader before using them.
  const topics = wanted.map((t) => t.topic);
  for (let i = 0; ; i++) {
    try {
      const md = await admin.fetchTopicMetadata({ topics });
      // (a partition without a leader yet shows leader -1)
      if (md.topics.length === topics.length && md.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (err) {
      if (i >= 20) throw err;
    }
    if (i >= 20) throw new Error(`topics ${topics.join(', ')} have no leaders after 10 s`);
    await sleep(500);
  }
}

/**
 * Splits what the pipeline writes into one send per partition. KafkaJS 2.2.4's producer is not
 * exactly-once across a leader change when one send spans several leaders: it keeps the answers
 * it got per *broker*, and a retry after a metadata refresh goes only to brokers that have not
 * answered. A partition whose leadership moved to a broker that already answered for another
 * partition is never sent again, yet the send resolves: an acknowledged loss. (Seen in
 * test/faults/pipeline-bounce.test.ts: a New York day missing from weather.raw, the producer's
 * sequence numbers contiguous across the gap, the Seattle record of the same send written.) A
 * partition that moved to a broker yet to answer is sent again with new sequence numbers: a
 * duplicate. With one partition per request, each request has one leader and neither can happen.
 *
 * Partitions are picked as before, by KafkaJS's default partitioner (Java's murmur2 of the key),
 * so a station's records stay on the partition they always went to. Partition counts are read
 * once, when the router is made: the pipeline never adds partitions to its topics.
 */
export class PartitionRouter {
  private readonly partitioner = Partitioners.DefaultPartitioner();

  private readonly partitions: Map<string, PartitionMetadata[]>;

  /** A router for topics with these partition counts. */
  constructor(counts: Record<string, number>) {
    // Every partition counts as available: keyed records ignore availability anyway, and the few
    // keyless ones (DLQ records of unparseable events) may wait for a leader like any other.
    this.partitions = new Map(
      Object.entries(counts).map(([topic, n]) => [topic, Array.from({ length: n }, (_, partitionId) => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [], isr: [] }))]),
    );
  }

  /** A router for the topics as the cluster has them now. */
  static async load(kafka: Kafka, topics: string[]): Promise<PartitionRouter> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const md = await admin.fetchTopicMetadata({ topics });
      const counts = Object.fromEntries(md.topics.map((t) => [t.name, t.partitions.length]));
      for (const t of topics) if (!counts[t]) throw new Error(`topic ${t} has no partitions in metadata`);
      return new PartitionRouter(counts);
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }

  /** The messages grouped by partition, each group in the order given, every message's partition set. */
  split(topic: string, messages: Message[]): { partition: number; messages: Message[] }[] {
    const partitionMetadata = this.partitions.get(topic);
    if (!partitionMetadata) throw new Error(`no partition metadata loaded for topic ${topic}`);
    const groups = new Map<number, Message[]>();
    for (const message of messages) {
      const partition = this.partitioner({ topic, partitionMetadata, message });
      const group = groups.get(partition) ?? [];
      group.push({ ...message, partition });
      groups.set(partition, group);
    }
    return [...groups].map(([partition, group]) => ({ partition, messages: group }));
  }
}

export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  const v = headers?.[name];
  if (v === undefined) return undefined;
  const one = Array.isArray(v) ? v[0] : v;
  return one === undefined ? undefined : one.toString();
}

export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(headers ?? {})) {
    const v = headerString(headers, k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Reads a whole topic (read_committed) and calls onMessage for each record, then disconnects.
 * Done when every partition's position reaches the high watermark seen at the start (control
 * records count), or after idleMs without a record (an open transaction of a dead process holds
 * the stable offset back until it times out; what lies before it is all that is committed).
 */
export async function readTopicToEnd(
  kafka: Kafka,
  topic: string,
  groupId: string,
  onMessage: (key: string | null, value: Buffer | null) => void,
  { idleMs = 3_000, heartbeat }: { idleMs?: number; heartbeat?: () => Promise<void> } = {},
): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const target = new Map(offsets.filter((o) => Number(o.high) > Number(o.low)).map((o) => [o.partition, Number(o.high)]));
  if (target.size === 0) return 0;
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 250, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  let count = 0;
  let last = Date.now();
  let joined = false;
  const reached = new Map<number, number>();
  const ticker = heartbeat ? setInterval(() => void heartbeat().catch(() => {}), 1_000) : null;
  try {
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joined = true;
      last = Date.now();
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        const all = [...target].every(([p, high]) => (reached.get(p) ?? -1) >= high - 1);
        if (all || (joined && Date.now() - last > idleMs)) {
          clearInterval(check);
          resolve();
        }
      }, 100);
    });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          onMessage(m.key?.toString() ?? null, m.value);
          count += 1;
        }
        const lastOffset = Number(batch.lastOffset());
        reached.set(batch.partition, Math.max(reached.get(batch.partition) ?? -1, lastOffset));
        last = Date.now();
      },
    });
    await done;
  } finally {
    if (ticker) clearInterval(ticker);
    await consumer.disconnect().catch(() => {});
  }
  return count;
}
