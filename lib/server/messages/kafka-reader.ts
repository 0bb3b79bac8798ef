import 'server-only';
import { logLevel } from 'kafkajs';
import Cluster from 'kafkajs/src/cluster';
import { createLogger } from 'kafkajs/src/loggers';
import socketFactory from 'kafkajs/src/network/socketFactory';
import type { WireMessage } from '@/lib/contracts/messages';
import { clusterConfig } from '../clusters';
import { NotFound } from '../errors';
import { kafkaConfigFor } from '../kafka/client';
import { fetchRecords, kafkaJsRecordToWire, supportsFastFetch, type FetchBroker, type KafkaJsRecord } from './fetch-records';

/**
 * Reads partitions at explicit offsets with KafkaJS's low-level Cluster/Broker API (KafkaJS
 * 2.2.4, pinned). The public consumer API only reads through a consumer group: joining one
 * costs seconds (JoinGroup/SyncGroup rounds) and leaves a group behind on the broker. Fetch
 * requests sent straight to each partition's leader need neither, never commit, and let
 * browse and tail start anywhere at once.
 */

// The minimal surface of KafkaJS internals we rely on (kafkajs/src/cluster, src/broker).
interface RawPartitionResponse {
  partition: number;
  errorCode: number;
  highWatermark: string;
  lastStartOffset?: string;
  messages: KafkaJsRecord[];
}
interface RawBroker {
  fetch(req: {
    replicaId: number;
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<{ responses: { topicName: string; partitions: RawPartitionResponse[] }[] }>;
  listOffsets(req: {
    replicaId?: number;
    isolationLevel: number;
    topics: { topic: string; partitions: { partition: number; timestamp: number | string }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; offset: string }[] }[] }>;
}
interface RawProduceMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer[]>;
  timestamp: number;
}
interface RawBrokerProduce {
  produce(req: {
    acks: number;
    timeout: number;
    compression?: number;
    topicData: { topic: string; partitions: { partition: number; messages: RawProduceMessage[] }[] }[];
  }): Promise<{ topics: { topicName: string; partitions: { partition: number; errorCode: number; baseOffset: string }[] }[] }>;
}
interface RawCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  isConnected(): boolean;
  refreshMetadata(): Promise<void>;
  metadata(o: { topics: string[] }): Promise<{
    topicMetadata: { topic: string; topicErrorCode: number; partitionMetadata: { partitionId: number; leader: number }[] }[];
  }>;
  findBroker(o: { nodeId: string }): Promise<RawBroker & RawBrokerProduce>;
}

const READ_UNCOMMITTED = 0; // a console shows what is in the log
const EARLIEST = -2;
const LATEST = -1;

export interface TopicLayout {
  topic: string;
  /** partition -> leader node id */
  leaders: Map<number, number>;
}

export interface PartitionBatch {
  partition: number;
  records: WireMessage[];
  /** Offset to fetch next (past control records and everything returned). */
  nextOffset: number;
  highWatermark: number;
}

export class KafkaReader {
  private readonly cluster: RawCluster;
  private connecting: Promise<void> | null = null;
  private readonly layouts = new Map<string, { at: number; layout: TopicLayout }>();
  private rotation = 0;

  constructor(clusterId: string, clientId: string) {
    const cfg = kafkaConfigFor(clusterConfig(clusterId), clientId);
    this.cluster = new Cluster({
      logger: createLogger({ level: logLevel.WARN, logCreator: cfg.logCreator }),
      socketFactory: socketFactory(),
      brokers: cfg.brokers,
      ssl: cfg.ssl,
      sasl: cfg.sasl,
      clientId: cfg.clientId,
      connectionTimeout: cfg.connectionTimeout,
      requestTimeout: 30_000,
      enforceRequestTimeout: true,
      metadataMaxAge: 300_000,
      retry: cfg.retry,
      allowAutoTopicCreation: false,
      maxInFlightRequests: null,
      isolationLevel: READ_UNCOMMITTED,
    }) as RawCluster;
  }

  private async ensureConnected(): Promise<void> {
    if (this.cluster.isConnected()) return;
    this.connecting ??= this.cluster.connect().finally(() => {
      this.connecting = null;
    });
    await this.connecting;
  }

  async disconnect(): Promise<void> {
    await this.cluster.disconnect().catch(() => {});
  }

  /** Partition leaders of the topic (cached 10 s; refresh after a leader error). */
  async layout(topic: string, fresh = false): Promise<TopicLayout> {
    const cached = this.layouts.get(topic);
    if (!fresh && cached && cached.at > Date.now() - 10_000) return cached.layout;
    await this.ensureConnected();
    if (fresh) await this.cluster.refreshMetadata().catch(() => {});
    let md;
    try {
      md = await this.cluster.metadata({ topics: [topic] });
    } catch (err) {
      if ((err as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') throw new NotFound(`topic "${topic}" does not exist`, 'topic');
      throw err;
    }
    const t = md.topicMetadata.find((x) => x.topic === topic);
    if (!t || t.partitionMetadata.length === 0) throw new NotFound(`topic "${topic}" does not exist`, 'topic');
    const layout: TopicLayout = { topic, leaders: new Map(t.partitionMetadata.map((p) => [p.partitionId, p.leader])) };
    this.layouts.set(topic, { at: Date.now(), layout });
    if (this.layouts.size > 1000) this.layouts.clear();
    return layout;
  }

  private async byLeader(topic: string, partitions: number[]): Promise<Map<number, number[]>> {
    const { leaders } = await this.layout(topic);
    const groups = new Map<number, number[]>();
    for (const p of partitions) {
      const leader = leaders.get(p);
      if (leader === undefined) throw new NotFound(`topic "${topic}" has no partition ${p}`, 'partition');
      groups.set(leader, [...(groups.get(leader) ?? []), p]);
    }
    return groups;
  }

  /** ListOffsets: earliest, latest, or the first offset at/after a timestamp (latest when none). */
  async offsets(topic: string, partitions: number[], at: 'earliest' | 'latest' | number): Promise<Map<number, number>> {
    return this.withLeaderRetry(topic, async () => {
      const groups = await this.byLeader(topic, partitions);
      const ts = at === 'earliest' ? EARLIEST : at === 'latest' ? LATEST : at;
      const out = new Map<number, number>();
      await Promise.all(
        [...groups].map(async ([leader, ps]) => {
          const broker = await this.cluster.findBroker({ nodeId: String(leader) });
          const res = await broker.listOffsets({ replicaId: -1, isolationLevel: READ_UNCOMMITTED, topics: [{ topic, partitions: ps.map((partition) => ({ partition, timestamp: ts })) }] });
          for (const r of res.responses) for (const p of r.partitions) out.set(p.partition, Number(p.offset));
        }),
      );
      if (typeof at === 'number') {
        // -1: no record at or after the timestamp; start at the end.
        const missing = [...out].filter(([, o]) => o < 0).map(([p]) => p);
        if (missing.length) {
          const ends = await this.offsets(topic, missing, 'latest');
          for (const [p, o] of ends) out.set(p, o);
        }
      }
      return out;
    });
  }

  /**
   * One Fetch per leader at explicit offsets. Returns each partition's records at or after the
   * requested offset (a batch can start earlier) and where to continue.
   */
  async fetch(topic: string, positions: Map<number, number>, opts: { maxWaitMs: number; maxBytes?: number; partitionMaxBytes?: number }): Promise<PartitionBatch[]> {
    return this.withLeaderRetry(topic, async () => {
      const groups = await this.byLeader(topic, [...positions.keys()]);
      const results = await Promise.all([...groups].map(([leader, ps]) => this.fetchFromLeader(leader, topic, ps, positions, opts)));
      return results.flat();
    });
  }

  /** Fetch from one leader (the tail hub runs one loop per leader). */
  async fetchFromLeader(leader: number, topic: string, partitions: number[], positions: Map<number, number>, opts: { maxWaitMs: number; maxBytes?: number; partitionMaxBytes?: number }): Promise<PartitionBatch[]> {
    await this.ensureConnected();
    const broker = await this.cluster.findBroker({ nodeId: String(leader) });
    const maxBytes = opts.maxBytes ?? 8 * 1024 * 1024;
    const partitionMaxBytes = opts.partitionMaxBytes ?? 2 * 1024 * 1024;
    // Start with a different partition each time: the response's byte limit favours the first ones (KIP-74).
    const start = this.rotation++ % partitions.length;
    const order = [...partitions.slice(start), ...partitions.slice(0, start)];
    const requested = order.map((partition) => ({ partition, fetchOffset: String(positions.get(partition) ?? 0), maxBytes: partitionMaxBytes }));
    if (supportsFastFetch(broker as Partial<FetchBroker>)) {
      const res = await fetchRecords(broker as unknown as FetchBroker, { isolationLevel: READ_UNCOMMITTED, maxWaitTime: opts.maxWaitMs, minBytes: 1, maxBytes, topic, partitions: requested });
      const out: PartitionBatch[] = [];
      for (const r of res.responses) for (const p of r.partitions) out.push({ partition: p.partition, records: p.records, nextOffset: p.nextOffset, highWatermark: p.highWatermark });
      return out;
    }
    const res = await broker.fetch({
      replicaId: -1,
      isolationLevel: READ_UNCOMMITTED,
      maxWaitTime: opts.maxWaitMs,
      minBytes: 1,
      maxBytes,
      topics: [{ topic, partitions: requested }],
    });
    const out: PartitionBatch[] = [];
    for (const r of res.responses) {
      for (const p of r.partitions) {
        const from = positions.get(p.partition) ?? 0;
        let next = from;
        const records: WireMessage[] = [];
        for (const m of p.messages) {
          const off = Number(m.offset);
          if (off < from) continue;
          next = off + 1;
          if (m.isControlRecord) continue; // transaction markers are not messages
          records.push(kafkaJsRecordToWire(topic, p.partition, m));
        }
        out.push({ partition: p.partition, records, nextOffset: next, highWatermark: Number(p.highWatermark) });
      }
    }
    return out;
  }

  /**
   * Produce to explicit partitions, one request per leader, acks=all. (KafkaJS's producer keeps
   * every topic it ever wrote to in its metadata requests, so one deleted topic would break
   * every later send from a shared producer; this asks only about the topic at hand.)
   * Returns each partition's base offset.
   */
  /** `compression`: KafkaJS's codec number (kafka/codecs.ts registers snappy and lz4 next to gzip). */
  async produce(topic: string, byPartition: Map<number, RawProduceMessage[]>, compression = 0): Promise<Map<number, number>> {
    const send = async () => {
      const groups = await this.byLeader(topic, [...byPartition.keys()]);
      const out = new Map<number, number>();
      await Promise.all(
        [...groups].map(async ([leader, ps]) => {
          const broker = await this.cluster.findBroker({ nodeId: String(leader) });
          const res = await broker.produce({ acks: -1, timeout: 30_000, compression, topicData: [{ topic, partitions: ps.map((partition) => ({ partition, messages: byPartition.get(partition)! })) }] });
          for (const t of res.topics) for (const p of t.partitions) out.set(p.partition, Number(p.baseOffset));
        }),
      );
      return out;
    };
    await this.ensureConnected();
    try {
      return await send();
    } catch (err) {
      // retry only when the broker refused the write because leadership moved (safe: nothing was written)
      const type = (err as { type?: string }).type ?? '';
      if (!['NOT_LEADER_FOR_PARTITION', 'NOT_LEADER_OR_FOLLOWER', 'LEADER_NOT_AVAILABLE'].includes(type)) throw err;
      await this.layout(topic, true);
      return send();
    }
  }

  /**
   * NOT_LEADER / unknown-partition / broker-gone errors: refresh metadata and try again, a few
   * times over about 2.5 s. Right after a broker stops or a topic is created, fresh metadata can
   * still name the old leader for a moment; a single retry was seen failing that way, which
   * answered a live tail's request with a 500 (test/faults/pipeline-bounce.test.ts).
   */
  async withLeaderRetry<T>(topic: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (!isLeaderError(err) || attempt >= LEADER_ATTEMPTS) throw err;
        if (attempt > 1) await new Promise((r) => setTimeout(r, 250 * attempt));
        await this.layout(topic, true);
      }
    }
  }

  invalidate(topic: string): void {
    this.layouts.delete(topic);
  }
}

/** Attempts of a request that meets a leader error (withLeaderRetry). */
const LEADER_ATTEMPTS = 5;

export function isLeaderError(err: unknown): boolean {
  const type = (err as { type?: string })?.type ?? '';
  const name = (err as { name?: string })?.name ?? '';
  return (
    ['NOT_LEADER_FOR_PARTITION', 'NOT_LEADER_OR_FOLLOWER', 'LEADER_NOT_AVAILABLE', 'FENCED_LEADER_EPOCH', 'UNKNOWN_LEADER_EPOCH', 'REPLICA_NOT_AVAILABLE'].includes(type) ||
    name === 'KafkaJSBrokerNotFound' ||
    name === 'KafkaJSConnectionClosedError'
  );
}

// One browse reader per cluster per process (kept on globalThis so dev reloads reuse it).
const g = globalThis as unknown as { riffleReaders?: Map<string, KafkaReader> };
const readers = (g.riffleReaders ??= new Map());

/** The shared reader for browse: short fetches only (no long polls), so requests never queue behind one. */
export function browseReaderFor(clusterId: string): KafkaReader {
  let r = readers.get(clusterId);
  if (!r) {
    r = new KafkaReader(clusterId, 'riffle-browse');
    readers.set(clusterId, r);
  }
  return r;
}
