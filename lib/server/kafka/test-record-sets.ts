import { createRecordsBatch } from '@platformatic/kafka';

/**
 * For tests only: a record set as a broker would return it, written by the client's own encoder
 * (so decoders are tested on bytes they did not write), its first offset set to `firstOffset`.
 * Here so tests outside the Kafka layer never import the client.
 */
export interface TestRecord {
  key?: Buffer | null;
  value?: Buffer | null;
  timestamp?: number;
  /** Repeated names stay repeated: each becomes its own Buffer key. */
  headers?: [string, Buffer | null][];
}

export function encodeRecordSet(firstOffset: number, records: TestRecord[], compression: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd' = 'none'): Buffer {
  const messages = records.map((r) => ({
    topic: 't',
    key: r.key ?? undefined,
    value: r.value ?? undefined,
    timestamp: BigInt(r.timestamp ?? 1_700_000_000_000),
    headers: new Map((r.headers ?? []).map(([k, v]) => [Buffer.from(k), v])),
  })) as never;
  const bytes = Buffer.from(createRecordsBatch(messages, { compression }).buffer);
  bytes.writeBigInt64BE(BigInt(firstOffset), 0);
  return bytes;
}
