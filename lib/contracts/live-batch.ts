import { z } from 'zod';
import type { WireBytes, WireMessage } from './messages';
import { wireSchema, type WireSchema } from './schemas';

/**
 * The data of a live tail's `event: messages`: the same messages as browse's `WireMessage`,
 * written compactly because a tail carries hundreds of thousands of them a second and the
 * client's JSON.parse is the cost that limits it (`npm run bench -- live-wire`: 359 → 241 bytes
 * per 200-byte message, encoding 0.58× and parsing 0.44× the time). Browse keeps the plain,
 * self-describing form.
 *
 *   { "count": 2, "topics": ["orders"],
 *     "messages": [[0, 3, 1201, 1764000000000, "k1", "{\"a\":1}"],
 *                  [0, 3, 1202, 1764000000001, null, {"b64": "AP8=", "size": 2}, [["trace", "x"]]]] }
 *
 * A message is [topic index, partition, offset, timestamp (ms), key, value, headers?]; headers
 * ([name, bytes] pairs) are left out when there are none. Bytes are null, a string (valid
 * UTF-8 of ASCII characters only, so its size is its length), {"text", "size"} (other valid
 * UTF-8) or {"b64", "size"} (not UTF-8). `count` comes first so a client can count or meter
 * messages without parsing the event (a `"count":` can only be this field: quotes inside
 * strings are escaped).
 */
export type LiveBytes = null | string | { text: string; size: number; schema?: WireSchema } | { b64: string; size: number; schema?: WireSchema };
export type LiveRecord =
  | [topic: number, partition: number, offset: number, timestamp: number, key: LiveBytes, value: LiveBytes]
  | [topic: number, partition: number, offset: number, timestamp: number, key: LiveBytes, value: LiveBytes, headers: [string, LiveBytes][]];
export interface LiveBatchWire {
  count: number;
  topics: string[];
  messages: LiveRecord[];
}

function compactBytes(b: WireBytes | null): LiveBytes {
  if (b === null) return null;
  // schema-framed bytes (issue 16) carry how they were decoded, or why not
  if (b.schema) return b.text === null ? { b64: b.b64 ?? '', size: b.size, schema: b.schema } : { text: b.text, size: b.size, schema: b.schema };
  if (b.text === null) return { b64: b.b64 ?? '', size: b.size };
  return b.text.length === b.size ? b.text : { text: b.text, size: b.size };
}

function fullBytes(b: LiveBytes): WireBytes | null {
  if (b === null) return null;
  if (typeof b === 'string') return { text: b, size: b.length };
  if ('b64' in b) return b.schema ? { text: null, b64: b.b64, size: b.size, schema: b.schema } : { text: null, b64: b.b64, size: b.size };
  return b.schema ? { text: b.text, size: b.size, schema: b.schema } : { text: b.text, size: b.size };
}

const NO_HEADERS: never[] = [];

/** Server side: messages (in order, any number of topics) to one event's data. */
export function encodeLiveBatch(messages: readonly WireMessage[]): string {
  const topics: string[] = [];
  let last = '';
  let lastIndex = -1;
  const records = new Array<LiveRecord>(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.topic !== last) {
      last = m.topic;
      lastIndex = topics.indexOf(m.topic);
      if (lastIndex < 0) lastIndex = topics.push(m.topic) - 1;
    }
    const key = compactBytes(m.key);
    const value = compactBytes(m.value);
    records[i] = m.headers.length
      ? [lastIndex, m.partition, m.offset, m.timestamp, key, value, m.headers.map((h) => [h.key, compactBytes(h.value)] as [string, LiveBytes])]
      : [lastIndex, m.partition, m.offset, m.timestamp, key, value];
  }
  return JSON.stringify({ count: messages.length, topics, messages: records } satisfies LiveBatchWire);
}

/** Client side: one event's parsed data back to `WireMessage`s. */
export function expandLiveBatch(batch: LiveBatchWire): WireMessage[] {
  const { topics, messages } = batch;
  const out = new Array<WireMessage>(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const r = messages[i]!;
    const h = r[6];
    out[i] = {
      topic: topics[r[0]]!,
      partition: r[1],
      offset: r[2],
      timestamp: r[3],
      key: fullBytes(r[4]),
      value: fullBytes(r[5]),
      headers: h ? h.map(([key, value]) => ({ key, value: fullBytes(value) })) : NO_HEADERS,
    };
  }
  return out;
}

const int = z.number().int().nonnegative();
const liveBytes = z.union([
  z.null(),
  z.string(),
  z.object({ text: z.string(), size: int, schema: wireSchema.optional() }).strict(),
  z.object({ b64: z.string(), size: int, schema: wireSchema.optional() }).strict(),
]);

/** `event: messages` data, validated and expanded to `WireMessage[]`. */
export const liveBatch = z
  .object({
    count: int,
    topics: z.array(z.string()),
    messages: z.array(z.tuple([int, int, int, z.number(), liveBytes, liveBytes, z.array(z.tuple([z.string(), liveBytes])).optional()])),
  })
  .refine((b) => b.messages.every((r) => r[0] < b.topics.length), { message: 'a message names a topic index the event does not list', path: ['messages'] })
  .transform((b) => expandLiveBatch(b as LiveBatchWire));
