import 'server-only';
import { produceInput, type ProduceResult } from '@/lib/contracts/messages';
import { partitionForKey } from './partition-for-key';
import { chargeProduceBytes } from '../auth/limits';
import type { Principal } from '../auth/principal';
import { BadRequest, PayloadTooLarge, Unprocessable } from '../errors';
import { kafkaErrorInfo } from '../kafka/kafka-errors';
import { produceRecords, type OutgoingRecord } from '../kafka/produce';
import { describeConfigs } from '../kafka/describe-configs';
import { browseReaderFor } from './kafka-reader';
import { frameForSubject } from '../schemas/registry';

const MAX_MESSAGE_BYTES = 'max.message.bytes';
// Record-batch framing: batch header (61 bytes) plus per-record varints; generous on purpose.
const RECORD_OVERHEAD = 80;

function valueBytes(value: string | null, encoding: 'text' | 'json' | 'base64'): Buffer | null {
  if (value === null) return null;
  if (encoding === 'json') {
    try {
      JSON.parse(value);
    } catch (err) {
      throw new Unprocessable(`value is not valid JSON: ${(err as Error).message}`, 'value', 'INVALID_JSON');
    }
    return Buffer.from(value, 'utf8'); // as typed: byte-for-byte what the user wrote
  }
  if (encoding === 'base64') {
    const compact = value.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) throw new BadRequest('value is not valid base64', 'value', 'INVALID_BASE64');
    return Buffer.from(compact, 'base64');
  }
  return Buffer.from(value, 'utf8');
}

function parseJsonField(text: string, field: 'key' | 'value'): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Unprocessable(`${field} is not valid JSON: ${(err as Error).message}`, field, 'INVALID_JSON');
  }
}

async function maxMessageBytes(clusterId: string, topic: string): Promise<number | null> {
  const [res] = await describeConfigs(clusterId, [{ type: 'topic', name: topic, configNames: [MAX_MESSAGE_BYTES] }]);
  const value = res?.entries.find((e) => e.name === MAX_MESSAGE_BYTES)?.value;
  return value ? Number(value) : null;
}

/** `by` is charged the bytes written (every copy) against the per-request and per-minute caps. */
export async function produceMessages(clusterId: string, topic: string, body: unknown, by: Principal): Promise<ProduceResult> {
  const input = produceInput.parse(body);
  let value: Buffer | null = input.valueSchema ? null : valueBytes(input.value, input.encoding);
  let key: Buffer | null = input.key === null || input.keySchema ? null : Buffer.from(input.key, 'utf8');
  const schemas: NonNullable<ProduceResult['schemas']> = { key: null, value: null };
  // Produce with a schema: the JSON typed is checked against the subject's version, then framed.
  if (input.valueSchema) {
    if (input.value === null) throw new BadRequest('value: a value produced with a schema cannot be null (send a tombstone without valueSchema)', 'value');
    const f = await frameForSubject(clusterId, input.valueSchema.subject, input.valueSchema.version, parseJsonField(input.value, 'value'), 'value');
    value = f.bytes;
    schemas.value = { id: f.id, version: f.version, format: f.format };
  }
  if (input.keySchema) {
    if (input.key === null) throw new BadRequest('key: give the key as JSON when keySchema is set', 'key');
    const f = await frameForSubject(clusterId, input.keySchema.subject, input.keySchema.version, parseJsonField(input.key, 'key'), 'key');
    key = f.bytes;
    schemas.key = { id: f.id, version: f.version, format: f.format };
  }
  const headers = input.headers.map((h) => ({ key: h.key, value: Buffer.from(h.value, 'utf8') }));
  const size = (value?.length ?? 0) + (key?.length ?? 0) + headers.reduce((n, h) => n + Buffer.byteLength(h.key) + h.value.length, 0) + RECORD_OVERHEAD;
  // 1,000 copies of a 1 MB value were 1 GB in memory: capped before anything is asked of Kafka.
  if (!input.dryRun) chargeProduceBytes(by, size * input.copies, input.copies);
  const reader = browseReaderFor(clusterId);
  const layout = await reader.layout(topic);
  const count = layout.leaders.size;
  if (input.partition !== null && !layout.leaders.has(input.partition)) {
    throw new BadRequest(`topic "${topic}" has no partition ${input.partition} (it has ${count}: 0 to ${count - 1})`, 'partition', 'UNKNOWN_PARTITION');
  }
  const limit = await maxMessageBytes(clusterId, topic);
  if (limit !== null && size > limit) {
    throw new PayloadTooLarge(`the message is about ${size} bytes; topic "${topic}" accepts at most ${limit} (max.message.bytes)`, 'value');
  }

  if (input.dryRun) return { topic, count: 0, partition: input.partition ?? -1, offset: -1, records: [], schemas, dryRun: true };

  // Choose partitions here (not in the client) so the answer can name each copy's partition and offset.
  const rr = Math.floor(Math.random() * count);
  const partitionOf = (i: number) => (input.partition !== null ? input.partition : key !== null ? partitionForKey(key, count) : (rr + i) % count);
  const now = Date.now();
  const out: OutgoingRecord[] = [];
  const records: { partition: number; offset: number }[] = [];
  const indexInPartition: number[] = [];
  const perPartition = new Map<number, number>();
  for (let i = 0; i < input.copies; i++) {
    const p = partitionOf(i);
    const n = perPartition.get(p) ?? 0;
    perPartition.set(p, n + 1);
    indexInPartition.push(n);
    out.push({ partition: p, key, value, headers, timestamp: now });
    records.push({ partition: p, offset: 0 });
  }
  let base: Map<number, number>;
  try {
    base = await produceRecords(clusterId, topic, out, input.compression);
  } catch (err) {
    const type = kafkaErrorInfo(err).type;
    if (type === 'MESSAGE_TOO_LARGE' || type === 'RECORD_LIST_TOO_LARGE') throw new PayloadTooLarge(`topic "${topic}" refused the message: larger than its max.message.bytes`, 'value');
    throw err;
  }
  records.forEach((r, i) => (r.offset = (base.get(r.partition) ?? 0) + indexInPartition[i]!));
  return { topic, count: records.length, partition: records[0]!.partition, offset: records[0]!.offset, records, ...(input.valueSchema || input.keySchema ? { schemas } : {}) };
}
