import 'server-only';
import type { WireBytes, WireMessage } from '@/lib/contracts/messages';
import type { RecordHeader, RecordMapper } from '../kafka/fetch';
import type { SchemaCache } from '../schemas/schema-cache';
import { toWireBytes } from '../wire-bytes';

export { toWireBytes };

/** Shared by every record without headers (most of them): one allocation fewer per record; never mutated. */
const NO_HEADERS: WireMessage['headers'] = [];

/**
 * Keys and values framed for a schema registry whose schema was not cached yet while mapping:
 * decoded again once `schemas.load` has fetched their ids (see decodePending).
 */
export interface PendingDecode {
  ids: number[];
  records: { m: WireMessage; field: 'key' | 'value'; buf: Buffer }[];
}

/**
 * Maps fetched records of `topic` straight to the wire form (kafka/fetch.ts calls it per record).
 * With the cluster's schema cache, framed keys and values are decoded here, from the bytes,
 * in the same pass (issue 16): browse, tail and export all read records through this mapper.
 */
export function wireMapper(topic: string, schemas: SchemaCache | null = null, pending: PendingDecode | null = null): RecordMapper<WireMessage> {
  if (!schemas) {
    return (partition, offset, timestamp, key, value, headers) => ({
      topic,
      partition,
      offset,
      timestamp,
      key: toWireBytes(key),
      value: toWireBytes(value),
      headers: headers.length ? headers.map(wireHeader) : NO_HEADERS,
    });
  }
  const ids = pending?.ids ?? null;
  const subjects = { key: `${topic}-key`, value: `${topic}-value` };
  const bytes = (buf: Buffer | null | undefined, field: 'key' | 'value', m: WireMessage): WireBytes | null => {
    if (buf === null || buf === undefined) return null;
    const before = ids ? ids.length : 0;
    const decoded = schemas.wire(buf, ids, subjects[field]);
    if (ids && ids.length > before) pending!.records.push({ m, field, buf });
    return decoded ?? toWireBytes(buf);
  };
  return (partition, offset, timestamp, key, value, headers) => {
    const m: WireMessage = { topic, partition, offset, timestamp, key: null, value: null, headers: headers.length ? headers.map(wireHeader) : NO_HEADERS };
    m.key = bytes(key, 'key', m);
    m.value = bytes(value, 'value', m);
    return m;
  };
}

/** Fetches the schemas the mapper met for the first time and decodes those records again. */
export async function decodePending(schemas: SchemaCache, pending: PendingDecode): Promise<void> {
  if (pending.records.length === 0) return;
  await schemas.load(pending.ids);
  for (const { m, field, buf } of pending.records) m[field] = schemas.wire(buf, null, `${m.topic}-${field}`) ?? toWireBytes(buf);
}

function wireHeader([key, value]: RecordHeader): WireMessage['headers'][number] {
  return { key: key.toString('utf8'), value: toWireBytes(value) };
}
