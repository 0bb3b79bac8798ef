import 'server-only';
import {
  fetchV4,
  fetchV5,
  fetchV6,
  fetchV7,
  fetchV8,
  fetchV9,
  fetchV10,
  fetchV11,
  fetchV12,
  fetchV13,
  fetchV14,
  fetchV15,
  fetchV16,
  fetchV17,
  type ConnectionPool,
  createAPI,
  Reader,
  readRecordsBatches,
  ResponseError,
  type API,
  type Connection,
} from '@platformatic/kafka';
import type { ClusterConn, RequestCounter } from './client';
import { decodePlainBatches } from './plain-record-batches';
import type { Isolation } from './list-offsets';

/**
 * The only Fetch in the codebase: records of one topic's partitions at explicit offsets, from
 * their leader. No consumer group (joining one costs seconds and leaves a group behind), no
 * fetch session, never a commit: browse and the live tail start anywhere at once and leave
 * nothing on the broker. Short fetches (browse, catch-up) go over the cluster's request pool;
 * long polls over the fetch pool, or over a LongPollChannel of their own: a broker answers one
 * connection's requests in order, so two topics' 500 ms polls on one connection would take
 * turns (a tail of ten quiet topics would see a record up to 5 s late).
 *
 * Records come back through the caller's `map`, one call per record, so no record shape of
 * the library's or of this layer's is built in between (the live tail maps to its wire form).
 *
 * From v12 the request is the library's and the answer is read here, keeping each partition's
 * record set as bytes: plain batches go through plain-record-batches.ts (a tenth of the
 * library decoder's cost per record, measured in bench/cases/tail-throughput.ts), compressed
 * ones through the library's decoder. Older brokers get the library's Fetch whole.
 */

/** key, value; a header key may repeat. */
export type RecordHeader = [key: Buffer, value: Buffer | null];

/** Makes the caller's record from one Kafka record (offset and timestamp resolved). */
export type RecordMapper<T> = (partition: number, offset: number, timestamp: number, key: Buffer | null, value: Buffer | null, headers: RecordHeader[]) => T;

export interface FetchTarget {
  partition: number;
  offset: number;
}

export interface PartitionRecords<T> {
  partition: number;
  /** Records at or after the requested offset; transaction markers left out. */
  records: T[];
  /** Offset to fetch next: past every record and batch read whole (markers and compacted-away offsets too). */
  nextOffset: number;
  highWatermark: number;
  logStartOffset: number;
}

export interface FetchOptions {
  maxWaitMs: number;
  /** Whole response limit. */
  maxBytes: number;
  /** Per partition limit (a first batch larger than it still comes whole, KIP-74). */
  partitionMaxBytes: number;
  /** Long polls go over the reader's own channel; short fetches over the request pool. */
  longPoll?: LongPollChannel;
  isolation?: Isolation;
  counter?: RequestCounter;
}

type FetchArgs = Parameters<typeof fetchV17.api.async> extends [unknown, ...infer A] ? A : never;
type LibraryAnswer = Awaited<ReturnType<typeof fetchV17.api.async>>;
type Batch = NonNullable<LibraryAnswer['responses'][number]['partitions'][number]['records']>[number];

/** A partition of an answer: its record set as the library decoded it, or as bytes (v12+). */
interface AnswerPartition {
  partitionIndex: number;
  errorCode: number;
  highWatermark: bigint;
  logStartOffset: bigint;
  records?: Batch[] | Buffer | null;
}
interface Answer {
  responses: { partitions: AnswerPartition[] }[];
}

/**
 * Fetch response v12-v17 with each partition's records left as bytes. v12 => throttle_time_ms
 * error_code session_id [topic(v13+: topic_id UUID) [partition_index error_code high_watermark
 * last_stable_offset log_start_offset [aborted_transactions] preferred_read_replica records
 * TAG_BUFFER] TAG_BUFFER] TAG_BUFFER; the tagged fields (diverging epoch, current leader,
 * snapshot id, node endpoints) are skipped: a fetch at explicit offsets needs none of them.
 */
function parseRawRecords(_correlationId: number, apiKey: number, apiVersion: number, reader: Reader): Answer {
  const errors: [string, [number, null]][] = [];
  reader.readInt32(); // throttle time
  const errorCode = reader.readInt16();
  if (errorCode !== 0) errors.push(['/', [errorCode, null]]);
  reader.readInt32(); // session id
  const responses = reader.readArray(
    (r, i) => {
      if (apiVersion >= TOPIC_IDS_FROM) r.readUUID();
      else r.readString();
      const partitions = r.readArray(
        (r, j) => {
          const partition: AnswerPartition = { partitionIndex: r.readInt32(), errorCode: r.readInt16(), highWatermark: r.readInt64(), logStartOffset: 0n, records: null };
          r.readInt64(); // last stable offset
          partition.logStartOffset = r.readInt64();
          r.readNullableArray((r) => (r.readInt64(), r.readInt64()));
          r.readInt32(); // preferred read replica
          if (partition.errorCode !== 0) errors.push([`/responses/${i}/partitions/${j}`, [partition.errorCode, null]]);
          const size = r.readUnsignedVarInt() - 1; // COMPACT_RECORDS: length + 1, 0 for null
          if (size > 0) {
            partition.records = r.buffer.slice(r.position, r.position + size);
            r.skip(size);
          }
          r.readTaggedFields();
          return partition;
        },
        true,
        false,
      );
      r.readTaggedFields();
      return { partitions };
    },
    true,
    false,
  );
  reader.readTaggedFields();
  const response = { errorCode, responses };
  if (errors.length) throw new ResponseError(apiKey, apiVersion, Object.fromEntries(errors), response);
  return response;
}

// Every version from 4 up takes the same arguments; v13+ name the topic by id, older ones by name.
const CANDIDATES = [
  ...[fetchV17, fetchV16, fetchV15, fetchV14, fetchV13, fetchV12].map((m) => createAPI<FetchArgs, Answer>(1, m.api.version, m.createRequest, parseRawRecords, true, true)),
  ...[fetchV11, fetchV10, fetchV9, fetchV8, fetchV7, fetchV6, fetchV5, fetchV4].map((m) => m.api as unknown as API<FetchArgs, Answer>),
];
const TOPIC_IDS_FROM = 13;

const LOG_APPEND_TIME = 0x08;
const CONTROL_BATCH = 0x20;
const NO_SESSION = 0;
const FINAL_EPOCH = -1; // sessionless: every request is a full fetch

/** One partition of a Fetch answer, its records not decoded yet (decodeFetched decodes them). */
export interface FetchedRecordSet {
  partition: number;
  /** The offset asked for: records before it (a batch starts where it starts) are not the caller's. */
  from: number;
  highWatermark: number;
  logStartOffset: number;
  /** v12+: the record set as fetched (null: no records). A search hands these to a worker thread. */
  bytes: Buffer | null;
  /** Before v12: the library's decoded batches. */
  batches: Batch[] | null;
}

/**
 * One Fetch of one topic's partitions from their leader. A partition error (a leader that moved,
 * an offset retention removed, a topic deleted) throws the library's error, which
 * kafka-errors.ts classifies; the caller retries with fresh metadata.
 */
export async function fetchFromLeader<T>(
  conn: ClusterConn,
  leader: number,
  topic: { topic: string; topicId: string },
  targets: FetchTarget[],
  opts: FetchOptions,
  map: RecordMapper<T>,
): Promise<PartitionRecords<T>[]> {
  return (await fetchRecordSetsFromLeader(conn, leader, topic, targets, opts)).map((set) => decodeFetched(set, map));
}

/** The same Fetch, each partition's records left undecoded: the caller decodes them where it likes. */
export async function fetchRecordSetsFromLeader(
  conn: ClusterConn,
  leader: number,
  topic: { topic: string; topicId: string },
  targets: FetchTarget[],
  opts: FetchOptions,
): Promise<FetchedRecordSet[]> {
  const api = await conn.api('Fetch', CANDIDATES);
  const connection = opts.longPoll ? await opts.longPoll.connection(leader) : await conn.connection(leader, opts.counter);
  if (opts.counter) opts.counter.count++;
  const from = new Map(targets.map((t) => [t.partition, t.offset]));
  const request = [
    {
      topicId: api.version >= TOPIC_IDS_FROM ? topic.topicId : topic.topic,
      partitions: targets.map((t) => ({ partition: t.partition, currentLeaderEpoch: -1, fetchOffset: BigInt(t.offset), lastFetchedEpoch: -1, partitionMaxBytes: opts.partitionMaxBytes })),
    },
  ];
  const isolation = opts.isolation === 'read_committed' ? 1 : 0;
  const answer = await api.async(connection, opts.maxWaitMs, 1, opts.maxBytes, isolation, NO_SESSION, FINAL_EPOCH, request, [], '');
  return answer.responses.flatMap((t) =>
    t.partitions.map((p) => ({
      partition: p.partitionIndex,
      from: from.get(p.partitionIndex) ?? 0,
      highWatermark: Number(p.highWatermark),
      logStartOffset: Number(p.logStartOffset),
      bytes: Buffer.isBuffer(p.records) ? p.records : null,
      batches: Array.isArray(p.records) ? p.records : null,
    })),
  );
}

/** A fetched partition's records through the caller's `map`. */
export function decodeFetched<T>(set: FetchedRecordSet, map: RecordMapper<T>): PartitionRecords<T> {
  const decoded = set.bytes ? decodeRecordSet(set.bytes, set.partition, set.from, map) : recordsOf(set.batches ?? [], set.partition, set.from, map);
  return { partition: set.partition, highWatermark: set.highWatermark, logStartOffset: set.logStartOffset, ...decoded };
}

/** The records of complete batches at or after `from` (a batch starts where it starts). */
function recordsOf<T>(batches: Batch[], partition: number, from: number, map: RecordMapper<T>): { records: T[]; nextOffset: number } {
  const records: T[] = [];
  let next = from;
  for (const b of batches) {
    const base = Number(b.firstOffset);
    const control = (b.attributes & CONTROL_BATCH) !== 0;
    const maxTimestamp = Number(b.maxTimestamp);
    const appendTime = (b.attributes & LOG_APPEND_TIME) !== 0 && maxTimestamp > 0;
    const firstTimestamp = Number(b.firstTimestamp);
    for (const r of b.records) {
      const offset = base + r.offsetDelta;
      if (offset < from || control) {
        if (offset >= next) next = offset + 1;
        continue; // before the requested offset, or a transaction marker
      }
      records.push(map(partition, offset, appendTime ? maxTimestamp : firstTimestamp + Number(r.timestampDelta), r.key ?? null, r.value ?? null, r.headers as RecordHeader[]));
      next = offset + 1;
    }
    const end = base + b.lastOffsetDelta + 1; // compaction can remove a batch's last offsets
    if (end > next) next = end;
  }
  return { records, nextOffset: next };
}

/** Decodes a partition's record set (a Fetch answer's `records` bytes): plain batches by hand, the rest by the library. */
export function decodeRecordSet<T>(bytes: Buffer, partition: number, from: number, map: RecordMapper<T>): { records: T[]; nextOffset: number } {
  return decodePlainBatches(bytes, partition, from, map) ?? libraryDecodeRecordSet(bytes, partition, from, map);
}

/** The same with the library's decoder only (tests and the tail-throughput bench compare the two). */
export function libraryDecodeRecordSet<T>(bytes: Buffer, partition: number, from: number, map: RecordMapper<T>): { records: T[]; nextOffset: number } {
  return recordsOf(readRecordsBatches(Reader.from(bytes)) as Batch[], partition, from, map);
}

/** Connections of one long-polling reader (a tail hub), to each broker, apart from everyone else's. */
export class LongPollChannel {
  #pool: ConnectionPool | null = null;

  constructor(private readonly conn: ClusterConn) {}

  async connection(nodeId: number): Promise<Connection> {
    const broker = await this.conn.broker(nodeId);
    this.#pool ??= this.conn.newConnectionPool('riffle-tail');
    return this.#pool.get({ host: broker.host, port: broker.port });
  }

  close(): void {
    const pool = this.#pool;
    this.#pool = null;
    pool?.close().catch(() => {});
  }
}
