import { Admin, compatibilityPartitioner, Consumer, FetchIsolationLevels, MessagesStreamModes, type BaseOptions, type Message, type MessagesStream } from '@platformatic/kafka';
import type { PipelineNames } from './names';

/**
 * Options shared by every client the pipeline makes. The pipeline outlives broker hiccups, so
 * requests retry with a capped backoff rather than fail; idempotent and transactional producers
 * retry without end anyway (the library raises their retries to MAX_SAFE_INTEGER).
 */
export function pipelineClientOptions(clientId: string, brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'): BaseOptions {
  return {
    clientId,
    bootstrapBrokers: brokers.split(',').map((b) => b.trim()).filter(Boolean),
    connectTimeout: 5_000,
    requestTimeout: 30_000,
    retries: 10,
    retryDelay: (_client, _op, attempt) => Math.min(5_000, 300 * 2 ** Math.min(attempt - 1, 5)),
    // The pipeline creates its topics itself (with their partitions and configs); a metadata
    // request never does, even on brokers with auto.create.topics.enable (the library's default, said here).
    autocreateTopics: false,
  };
}

/**
 * A station's records go where they always went, whichever client wrote them: Java's default
 * partitioner (murmur2 of the key, sign bit masked), as KafkaJS's DefaultPartitioner did. The
 * library's defaultPartitioner takes the hash unsigned instead: the same partition for 4
 * partitions, but a key with a negative hash moves once the count is not a power of two
 * (java-partitioner.test.ts, against kcat).
 */
export const javaPartitioner = compatibilityPartitioner;

export interface TopicLayout {
  partitions: number;
  replicationFactor?: number;
}

const hasApiId = (err: unknown, id: string): boolean => {
  const x = err as { apiId?: string; errors?: unknown[]; cause?: unknown } | null;
  if (!x || typeof x !== 'object') return false;
  return x.apiId === id || (x.errors ?? []).some((e) => hasApiId(e, id)) || hasApiId(x.cause, id);
};

/** Creates the pipeline's topics if missing (auto-create is off on the cluster). */
export async function ensureTopics(admin: Admin, names: PipelineNames, layout: TopicLayout = { partitions: 4 }): Promise<void> {
  const existing = new Set(await admin.listTopics({ includeInternals: false }));
  const rf = layout.replicationFactor ?? -1;
  // Records carry 2012–2015 observation times. As CreateTime, the broker would roll a segment per
  // append and delete them at once (retention counts from the record timestamp), so these topics
  // stamp records with the append time; the event time is the payload's observedAt.
  const appendTime = { 'message.timestamp.type': 'LogAppendTime' };
  const compact = { 'cleanup.policy': 'compact' };
  const wanted = [
    { topic: names.raw, partitions: layout.partitions, configs: appendTime },
    { topic: names.processed, partitions: layout.partitions, configs: appendTime },
    { topic: names.dlq, partitions: 1, configs: appendTime },
    // Same partition count as raw: a station's state lives on the partition number of its events.
    { topic: names.changelog, partitions: layout.partitions, configs: compact },
    { topic: names.control, partitions: 1, configs: compact },
  ];
  for (const t of wanted.filter((w) => !existing.has(w.topic))) {
    try {
      await admin.createTopics({ topics: [t.topic], partitions: t.partitions, replicas: rf, configs: Object.entries(t.configs).map(([name, value]) => ({ name, value })) });
    } catch (err) {
      // Another instance created it first.
      if (!hasApiId(err, 'TOPIC_ALREADY_EXISTS')) throw err;
    }
  }
  // Whoever created them, wait until every partition has a leader before using them.
  const topics = wanted.map((t) => t.topic);
  for (let i = 0; ; i++) {
    try {
      const md = await admin.metadata({ topics, forceUpdate: true });
      const ready = wanted.every((w) => {
        const t = md.topics.get(w.topic);
        return !!t && t.partitionsCount === (existing.has(w.topic) ? t.partitionsCount : w.partitions) && t.partitions.every((p) => p.leader >= 0);
      });
      if (ready) return;
    } catch (err) {
      if (i >= 20) throw err;
    }
    if (i >= 20) throw new Error(`topics ${topics.join(', ')} have no leaders after 10 s`);
    await sleep(500);
  }
}

/**
 * Each partition's end: the high watermark, or with committedOnly the last stable offset (where
 * the first still-open transaction begins; everything before it is decided).
 */
export async function highWatermarks(admin: Admin, topic: string, committedOnly = false): Promise<Map<number, number>> {
  const md = await admin.metadata({ topics: [topic], forceUpdate: true });
  const count = md.topics.get(topic)?.partitionsCount ?? 0;
  const res = await admin.listOffsets({
    topics: [{ name: topic, partitions: Array.from({ length: count }, (_, partitionIndex) => ({ partitionIndex, timestamp: -1n })) }],
    isolationLevel: committedOnly ? FetchIsolationLevels.READ_COMMITTED : FetchIsolationLevels.READ_UNCOMMITTED,
  });
  return new Map((res[0]?.partitions ?? []).map((p) => [p.partitionIndex, Number(p.offset)]));
}

/** A header's first value as a string (the library hands headers over as a Map of Buffers). */
export function headerString(headers: Map<Buffer, Buffer> | undefined, name: string): string | undefined {
  for (const [k, v] of headers ?? []) if (k.toString() === name) return v?.toString();
  return undefined;
}

export function headersToStrings(headers: Map<Buffer, Buffer> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of headers ?? []) {
    const key = k.toString();
    if (!(key in out) && v) out[key] = v.toString();
  }
  return out;
}

export type KafkaMessage = Message<Buffer, Buffer, Buffer, Buffer>;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const iterators = new WeakMap<object, AsyncIterator<KafkaMessage>>();

/**
 * The group's records from its committed offsets (the earliest where it has none), read
 * committed, never auto-committed: the processor and the DB writer commit only after their work.
 */
export function committedStream(consumer: Consumer<Buffer, Buffer, Buffer, Buffer>, topic: string): Promise<MessagesStream<Buffer, Buffer, Buffer, Buffer>> {
  return consumer.consume({
    topics: [topic],
    mode: MessagesStreamModes.COMMITTED,
    fallbackMode: MessagesStreamModes.EARLIEST,
    autocommit: false,
    isolationLevel: FetchIsolationLevels.READ_COMMITTED,
  });
}

/**
 * The next messages a stream holds: waits for the first, then takes what is already buffered,
 * up to max. Empty when the stream ended; a stream's error is thrown. (Through the stream's async
 * iterator, as the library's docs read it: waiting on 'readable' by hand stalled after a few reads.)
 */
export async function nextBatch(stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>, max: number): Promise<KafkaMessage[]> {
  let it = iterators.get(stream);
  if (!it) {
    it = stream[Symbol.asyncIterator]() as AsyncIterator<KafkaMessage>;
    iterators.set(stream, it);
  }
  const out: KafkaMessage[] = [];
  const first = await it.next();
  if (first.done) return out;
  out.push(first.value);
  while (out.length < max && stream.readableLength > 0) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

/**
 * Reads a whole topic (read_committed) and calls onMessage for each record, then closes. Done
 * when every partition's fetch position reaches the last stable offset seen at the start
 * (control records count: the stream's position passes them). What lies past it belongs to
 * transactions still open then, and those of a dead or fenced producer are aborted. A read that
 * makes no progress for stallMs fails rather than return a partial state (a failover can stall
 * fetches for seconds; stopping then, as an idle timeout did, restored windows without some of
 * their days). The caller retries with a new consumer.
 */
export async function readTopicToEnd(
  clientId: string,
  topic: string,
  groupId: string,
  onMessage: (key: string | null, value: Buffer | null) => void,
  { stallMs = 15_000 }: { stallMs?: number } = {},
): Promise<number> {
  const admin = new Admin(pipelineClientOptions(`${clientId}-admin`));
  let target: Map<number, number>;
  try {
    target = new Map([...(await highWatermarks(admin, topic, true))].filter(([, end]) => end > 0));
  } finally {
    await admin.close().catch(() => {});
  }
  if (target.size === 0) return 0;
  const consumer = new Consumer({ ...pipelineClientOptions(clientId), groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTime: 250 });
  let count = 0;
  try {
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false, isolationLevel: FetchIsolationLevels.READ_COMMITTED });
    // Through the async iterator: read() in a polling loop never got the stream fetching.
    const it = stream[Symbol.asyncIterator]() as AsyncIterator<KafkaMessage>;
    let pending: Promise<IteratorResult<KafkaMessage>> | null = null;
    let last = Date.now();
    let lastPositions = '';
    for (;;) {
      const positions = [...target.keys()].map((p) => Number(stream.offsetsToFetch.get(`${topic}:${p}`) ?? -1));
      if (stream.readableLength === 0 && [...target.values()].every((end, i) => positions[i]! >= end)) break;
      const key = `${positions.join(',')}/${count}`;
      if (key !== lastPositions) {
        lastPositions = key;
        last = Date.now();
      } else if (Date.now() - last > stallMs) throw new Error(`reading ${topic} made no progress for ${stallMs / 1000} s (at ${positions.join(',')}, ends ${[...target.values()].join(',')})`);
      pending ??= it.next();
      const r = await Promise.race([pending, sleep(100).then(() => null)]);
      if (!r) continue;
      pending = null;
      if (r.done) throw new Error(`reading ${topic} stopped`);
      onMessage(r.value.key ? r.value.key.toString() : null, r.value.value ?? null);
      count += 1;
    }
  } finally {
    await consumer.close(true).catch(() => {});
  }
  return count;
}
