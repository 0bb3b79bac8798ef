import 'server-only';
import { describeLogDirsV1, describeLogDirsV2, describeLogDirsV3, describeLogDirsV4 } from '@platformatic/kafka';
import { clusterConn, RequestCounter } from './client';

/**
 * DescribeLogDirs (KIP-113; volume sizes from v4, KIP-827). Each broker answers for its own log
 * dirs only, so it is sent to every broker, as kafka-log-dirs.sh --describe does.
 */

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

const CANDIDATES = [describeLogDirsV4.api, describeLogDirsV3.api, describeLogDirsV2.api, describeLogDirsV1.api];

interface RawResult {
  errorCode: number;
  logDir: string;
  topics: { name: string; partitions: { partitionIndex: number; partitionSize: bigint; offsetLag: bigint; isFutureKey: boolean }[] }[];
  totalBytes?: bigint;
  usableBytes?: bigint;
}

/** The broker's answer in domain form; -1 volume sizes (unknown) become null. */
export function toLogDirs(results: RawResult[]): LogDir[] {
  const size = (v: bigint | undefined) => (v === undefined || v < 0n ? null : Number(v));
  return results.map((r) => ({
    path: r.logDir,
    errorCode: r.errorCode,
    totalBytes: size(r.totalBytes),
    usableBytes: size(r.usableBytes),
    topics: r.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ partition: p.partitionIndex, bytes: Number(p.partitionSize), offsetLag: Number(p.offsetLag), isFuture: p.isFutureKey })),
    })),
  }));
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
export async function describeLogDirs(clusterId: string, nodeIds: number[], req: LogDirsRequest, counter: RequestCounter = new RequestCounter()): Promise<Map<number, LogDir[] | null>> {
  const conn = clusterConn(clusterId);
  const topics = req.topics === null ? null : req.topics.map((t) => ({ name: t.topic, partitions: t.partitions }));
  const answers = await Promise.all(
    nodeIds.map(async (nodeId) => {
      try {
        const api = await conn.api('DescribeLogDirs', CANDIDATES);
        const res = await conn.send(nodeId, (c) => api.async(c, topics), counter);
        return [nodeId, toLogDirs(res.results as RawResult[])] as const;
      } catch {
        return [nodeId, null] as const;
      }
    }),
  );
  return new Map(answers);
}
