import 'server-only';
import { Decoder, Encoder, type KafkaJsDecoder, type KafkaJsEncoder } from './low-level';
import { RequestCounter, sendHandEncoded } from './offsets';

// DescribeLogDirs (API key 35, KIP-113; TotalBytes/UsableBytes from v4, KIP-827) isn't in
// KafkaJS. Each broker answers for its own log dirs only, so it is sent to every broker, as
// kafka-log-dirs.sh --describe does. v1 is the oldest Kafka 4 accepts; v2+ are flexible.
export const DESCRIBE_LOG_DIRS = 35;
export const LOG_DIRS_VERSIONS = { min: 1, max: 5 } as const;

export interface LogDirPartition {
  partition: number;
  /** Bytes of the log segments of this replica. */
  bytes: number;
  /** LEO lag behind the high watermark (or, for a future log, behind the current replica). */
  offsetLag: number;
  /** A log being moved here by AlterReplicaLogDirs, not yet the replica's current log. */
  isFuture: boolean;
}

export interface LogDir {
  path: string;
  /** Protocol error code of this dir (e.g. 57 KAFKA_STORAGE_ERROR when the disk failed); 0 when fine. */
  errorCode: number;
  /** Volume size and free space of the dir's file system (v4+; null when the broker does not say). */
  totalBytes: number | null;
  usableBytes: number | null;
  topics: { name: string; partitions: LogDirPartition[] }[];
}

export interface LogDirsRequest {
  /** null: every topic the broker hosts. */
  topics: { topic: string; partitions: number[] }[] | null;
}

const flexible = (version: number) => version >= 2;

function toNumber(v: { toString(): string }): number {
  return Number(v.toString());
}

/** The request body (after KafkaJS's v1 request header). */
export function encodeDescribeLogDirs(req: LogDirsRequest, version: number): KafkaJsEncoder {
  const e = new Encoder();
  if (flexible(version)) {
    // The leading empty tag buffer completes KafkaJS's v1 request header into the flexible v2 one.
    e.writeUVarIntBytes();
    if (req.topics === null) e.writeUVarInt(0);
    else {
      e.writeUVarIntArray(
        req.topics.map((t) => {
          const te = new Encoder().writeUVarIntString(t.topic).writeUVarInt(t.partitions.length + 1);
          for (const p of t.partitions) te.writeInt32(p);
          return te.writeUVarIntBytes();
        }),
      );
    }
    return e.writeUVarIntBytes();
  }
  if (req.topics === null) return e.writeInt32(-1);
  return e.writeArray(
    req.topics.map((t) => new Encoder().writeString(t.topic).writeArray(t.partitions, 'int32')),
    'object',
  );
}

/** The response body (after the correlation id). Throws on a request-level error (v3+). */
export function decodeDescribeLogDirs(raw: Buffer, version: number): LogDir[] {
  const d = new Decoder(raw);
  const flex = flexible(version);
  const str = (x: KafkaJsDecoder) => (flex ? x.readUVarIntString() : x.readString()) ?? '';
  const arr = <T>(x: KafkaJsDecoder, fn: (y: KafkaJsDecoder) => T): T[] => (flex ? x.readUVarIntArray(fn) : x.readArray(fn)) ?? [];
  const tags = (x: KafkaJsDecoder) => {
    if (flex) x.readTaggedFields();
  };
  tags(d); // response header v1
  d.readInt32(); // throttle time
  if (version >= 3) {
    const errorCode = d.readInt16();
    if (errorCode !== 0) throw Object.assign(new Error(`DescribeLogDirs failed with error code ${errorCode}`), { code: errorCode });
  }
  const dirs = arr(d, (r): LogDir => {
    const errorCode = r.readInt16();
    const path = str(r);
    const topics = arr(r, (t) => {
      const name = str(t);
      const partitions = arr(t, (p): LogDirPartition => {
        const out = { partition: p.readInt32(), bytes: toNumber(p.readInt64()), offsetLag: toNumber(p.readInt64()), isFuture: p.readBoolean() };
        tags(p);
        return out;
      });
      tags(t);
      return { name, partitions };
    });
    let totalBytes: number | null = null;
    let usableBytes: number | null = null;
    if (version >= 4) {
      totalBytes = toNumber(r.readInt64());
      usableBytes = toNumber(r.readInt64());
    }
    if (version >= 5) r.readBoolean(); // is cordoned
    tags(r);
    return { path, errorCode, totalBytes: totalBytes !== null && totalBytes >= 0 ? totalBytes : null, usableBytes: usableBytes !== null && usableBytes >= 0 ? usableBytes : null, topics };
  });
  tags(d);
  return dirs;
}

/** Bytes of the current (not future) logs in a dir. */
export function logDirBytes(dir: LogDir): number {
  let total = 0;
  for (const t of dir.topics) for (const p of t.partitions) if (!p.isFuture) total += p.bytes;
  return total;
}

/**
 * DescribeLogDirs sent to each of these brokers, in parallel. A broker that cannot answer (too
 * old, unreachable) maps to null; the others still answer. One request per broker.
 */
export async function describeLogDirs(
  clusterId: string,
  nodeIds: number[],
  req: LogDirsRequest,
  counter: RequestCounter = new RequestCounter(),
): Promise<Map<number, LogDir[] | null>> {
  const answers = await Promise.all(
    nodeIds.map(async (nodeId) => {
      try {
        const dirs = await sendHandEncoded(
          clusterId,
          nodeId,
          { apiKey: DESCRIBE_LOG_DIRS, apiName: 'DescribeLogDirs', versions: LOG_DIRS_VERSIONS, encode: (v) => encodeDescribeLogDirs(req, v), decode: decodeDescribeLogDirs },
          counter,
        );
        return [nodeId, dirs] as const;
      } catch {
        return [nodeId, null] as const;
      }
    }),
  );
  return new Map(answers);
}
