import 'server-only';
import { Producer, type CompressionAlgorithmValue } from '@platformatic/kafka';
import { clientOptions, clusterConn } from './client';
import { singleton } from '../singleton';

/**
 * The console's producer: one per cluster per process, shared by the produce form, the audit
 * log and the pipeline's control messages. Every record names its partition (the caller
 * chooses, so the answer can say where each copy went); acks=all.
 */

export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

export interface OutgoingRecord {
  partition: number;
  key: Buffer | null;
  value: Buffer | null;
  /** In order; a key may repeat (Kafka allows it, KIP-82). */
  headers?: { key: string; value: Buffer | null }[];
  /** ms since the epoch; the broker's time when absent. */
  timestamp?: number;
}

const producers = singleton('riffle:kafka/produce', (): Map<string, Producer> => new Map());

function producerFor(clusterId: string): Producer {
  let p = producers.get(clusterId);
  if (!p) {
    const conn = clusterConn(clusterId);
    p = new Producer({ ...clientOptions(conn.config, 'riffle-producer', conn.seeds()), acks: -1, idempotent: false, retries: 3, retryDelay: 250 });
    producers.set(clusterId, p);
  }
  return p;
}

/** Produces the records (one request per leader) and returns each partition's base offset. */
export async function produceRecords(clusterId: string, topic: string, records: OutgoingRecord[], compression: Compression = 'none'): Promise<Map<number, number>> {
  const producer = producerFor(clusterId);
  try {
    const res = await producer.send({
      messages: records.map((r) => ({
        topic,
        partition: r.partition,
        key: r.key ?? undefined,
        value: r.value ?? undefined,
        timestamp: r.timestamp === undefined ? undefined : BigInt(r.timestamp),
        // Distinct Buffer objects as keys: a Map keeps repeated header names apart.
        headers: r.headers?.length ? new Map(r.headers.map((h) => [Buffer.from(h.key, 'utf8'), h.value ?? Buffer.alloc(0)])) : undefined,
      })),
      compression: compression as CompressionAlgorithmValue,
    });
    const out = new Map<number, number>();
    for (const o of res.offsets ?? []) if (o.topic === topic) out.set(o.partition, Number(o.offset));
    return out;
  } catch (err) {
    // A producer whose connections broke is rebuilt for the next call, from every known broker.
    if (producers.get(clusterId) === producer && !producer.isConnected()) {
      producers.delete(clusterId);
      producer.close().catch(() => {});
    }
    throw err;
  }
}

export async function closeProducers(): Promise<void> {
  const all = [...producers.values()];
  producers.clear();
  await Promise.all(all.map((p) => p.close().catch(() => {})));
}
