import 'server-only';
import type { WireMessage } from '@/lib/contracts/messages';
import { NotFound } from '../errors';
import { clusterConn, type ClusterConn } from '../kafka/client';
import { fetchFromLeader as fetchLeader, fetchRecordSetsFromLeader, LongPollChannel, type FetchedRecordSet } from '../kafka/fetch';
import { isLeaderError, KafkaProtocolError } from '../kafka/kafka-errors';
import { listOffsets } from '../kafka/list-offsets';
import { topicLayout, type TopicLayout } from '../kafka/topic-layout';
import { schemaCacheFor, type SchemaCache } from '../schemas/schema-cache';
import { decodePending, wireMapper, type PendingDecode } from './wire-record';
import { singleton } from '../singleton';

/**
 * Reads partitions at explicit offsets through the Kafka layer (kafka/fetch.ts): no consumer
 * group, no commits, so browse and tail start anywhere at once and leave nothing behind.
 * A `longPoll` reader (a tail hub) fetches over connections of its own; browse and catch-up
 * fetches (maxWait 0) over the cluster's request pool.
 */

export type { TopicLayout };

export interface PartitionBatch {
  partition: number;
  records: WireMessage[];
  /** Offset to fetch next (past control records and everything returned). */
  nextOffset: number;
  highWatermark: number;
}

export interface FetchOpts {
  maxWaitMs: number;
  maxBytes?: number;
  partitionMaxBytes?: number;
}

/** Attempts of a request that meets a leader error (withLeaderRetry). */
const LEADER_ATTEMPTS = 5;

export class KafkaReader {
  private readonly conn: ClusterConn;
  private readonly channel: LongPollChannel | null;
  private rotation = 0;
  /** The cluster's schema registry cache: framed keys and values are decoded as records are read (issue 16). */
  private readonly schemas: SchemaCache | null;

  constructor(clusterId: string, longPoll = false) {
    this.conn = clusterConn(clusterId);
    this.schemas = schemaCacheFor(clusterId);
    this.channel = longPoll ? new LongPollChannel(this.conn) : null;
  }

  /** Closes a long-polling reader's connections. */
  disconnect(): void {
    this.channel?.close();
  }

  /** Partition leaders of the topic (cached 10 s; `fresh` after a leader error). */
  layout(topic: string, fresh = false): Promise<TopicLayout> {
    return topicLayout(this.conn, topic, fresh);
  }

  private async byLeader(topic: string, partitions: number[]): Promise<Map<number, number[]>> {
    const { leaders } = await this.layout(topic);
    const groups = new Map<number, number[]>();
    for (const p of partitions) {
      const leader = leaders.get(p);
      if (leader === undefined) throw new NotFound(`topic "${topic}" has no partition ${p}`, 'partition');
      if (leader < 0) throw new KafkaProtocolError('LEADER_NOT_AVAILABLE', `partition ${p} of "${topic}" has no leader`);
      groups.set(leader, [...(groups.get(leader) ?? []), p]);
    }
    return groups;
  }

  /** ListOffsets: earliest, latest, or the first offset at/after a timestamp (latest when none). */
  async offsets(topic: string, partitions: number[], at: 'earliest' | 'latest' | number): Promise<Map<number, number>> {
    return this.withLeaderRetry(topic, async () => {
      const groups = await this.byLeader(topic, partitions);
      const targets = [{ topic, partitions: [...groups].flatMap(([leader, ps]) => ps.map((partition) => ({ partition, leader }))) }];
      const got = (await listOffsets(this.conn, targets, at)).get(topic) ?? new Map<number, number>();
      // A partition left out had an error at its leader (moving): ask again with fresh metadata.
      const missing = partitions.filter((p) => !got.has(p));
      if (missing.length) throw new KafkaProtocolError('NOT_LEADER_OR_FOLLOWER', `no offset for partitions ${missing.join(', ')} of "${topic}": leader moving`);
      const out = new Map(partitions.map((p) => [p, got.get(p)!]));
      if (typeof at === 'number') {
        // -1: no record at or after the timestamp; start at the end.
        const past = [...out].filter(([, o]) => o < 0).map(([p]) => p);
        if (past.length) for (const [p, o] of await this.offsets(topic, past, 'latest')) out.set(p, o);
      }
      return out;
    });
  }

  /**
   * One Fetch per leader at explicit offsets. Returns each partition's records at or after the
   * requested offset (a batch can start earlier) and where to continue.
   */
  async fetch(topic: string, positions: Map<number, number>, opts: FetchOpts): Promise<PartitionBatch[]> {
    return this.withLeaderRetry(topic, async () => {
      const groups = await this.byLeader(topic, [...positions.keys()]);
      const results = await Promise.all([...groups].map(([leader, ps]) => this.fetchFromLeader(leader, topic, ps, positions, opts)));
      return results.flat();
    });
  }

  /** Fetch from one leader (the tail hub runs one loop per leader). */
  async fetchFromLeader(leader: number, topic: string, partitions: number[], positions: Map<number, number>, opts: FetchOpts): Promise<PartitionBatch[]> {
    const layout = await this.layout(topic);
    // Start with a different partition each time: the response's byte limit favours the first ones (KIP-74).
    const start = this.rotation++ % partitions.length;
    const order = [...partitions.slice(start), ...partitions.slice(0, start)];
    const pending: PendingDecode | null = this.schemas ? { ids: [], records: [] } : null;
    const got = await fetchLeader(
      this.conn,
      leader,
      layout,
      order.map((partition) => ({ partition, offset: positions.get(partition) ?? 0 })),
      { maxWaitMs: opts.maxWaitMs, maxBytes: opts.maxBytes ?? 8 * 1024 * 1024, partitionMaxBytes: opts.partitionMaxBytes ?? 2 * 1024 * 1024, longPoll: this.channel ?? undefined },
      wireMapper(topic, this.schemas, pending),
    );
    // The one decoding step that waits: schemas met for the first time are fetched (once, with a
    // deadline) and their records decoded again; failures leave raw bytes with the reason.
    if (pending && pending.records.length) await decodePending(this.schemas!, pending);
    return got.map((p) => ({ partition: p.partition, records: p.records, nextOffset: p.nextOffset, highWatermark: p.highWatermark }));
  }

  /**
   * One Fetch per leader, each partition's records left undecoded (a search decodes them on a
   * worker thread: kafka/fetch.ts decodeFetched is the same decoding on this one).
   */
  async fetchRecordSets(topic: string, positions: Map<number, number>, opts: FetchOpts): Promise<FetchedRecordSet[]> {
    return this.withLeaderRetry(topic, async () => {
      const layout = await this.layout(topic);
      const groups = await this.byLeader(topic, [...positions.keys()]);
      const answers = await Promise.all(
        [...groups].map(([leader, ps]) =>
          fetchRecordSetsFromLeader(this.conn, leader, layout, ps.map((partition) => ({ partition, offset: positions.get(partition) ?? 0 })), { maxWaitMs: opts.maxWaitMs, maxBytes: opts.maxBytes ?? 8 * 1024 * 1024, partitionMaxBytes: opts.partitionMaxBytes ?? 2 * 1024 * 1024 }),
        ),
      );
      return answers.flat();
    });
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
}

// One browse reader per cluster per process (a singleton, so dev reloads reuse it).
const readers = singleton('riffle:messages/kafka-reader', (): Map<string, KafkaReader> => new Map());

/** The shared reader for browse: short fetches only (no long polls), so requests never queue behind one. */
export function browseReaderFor(clusterId: string): KafkaReader {
  let r = readers.get(clusterId);
  if (!r) {
    r = new KafkaReader(clusterId);
    readers.set(clusterId, r);
  }
  return r;
}
