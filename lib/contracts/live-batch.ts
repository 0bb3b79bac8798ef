import { z } from 'zod';
import type { WireBytes, WireMessage } from './messages';
import { wireSchema, type WireSchema } from './schemas';

/**
 * The data of a live tail's `event: messages`: the same messages as browse's `WireMessage`,
 * written leanly because a tail carries hundreds of thousands of them a second and the
 * client's decoding is the cost that limits it. A JSON head of numbers (no message text in
 * it), then the texts back to back, unescaped:
 *
 *   {"count":2,"tail":12,"topics":["orders"],"messages":[[0,3,1201,1764000000000,2,7],
 *    [0,3,1202,1764000000001,null,{"b64":"AP8=","size":2},[["trace","x"]]]]}k1{"a":1}
 *
 * `tail` is the length (UTF-16 units) of the texts after the head, so the head ends at
 * data.length - tail. A message is [topic index, partition, offset, timestamp (ms), key,
 * value, headers?]. Key and value are null; n (the next n characters of the tail, ASCII, so n
 * bytes too); [n, size] (the next n characters, other UTF-8 text of `size` bytes);
 * {"text", "size"} (text holding a line break, which an SSE data line cannot carry, inline);
 * or {"b64", "size"} (not UTF-8). Headers ([name, bytes] pairs, left out when there are none)
 * stay inline: null, a string (ASCII), {text, size} or {b64, size}. Compared with the JSON
 * form before it (every text a JSON string), the texts are neither escaped on the server nor
 * unescaped in the browser; each is one slice of the event's string
 * (`npm run bench -- live-wire`). `count` comes first so a client can count or meter messages
 * without decoding the event; a message's own text can only come after the head.
 */
export type LiveBytes = null | string | { text: string; size: number } | { b64: string; size: number };
/** Decoded through a registry (issue 16): which schema, or why not; always inline. */
type Inline = { text: string; size: number; schema?: WireSchema } | { b64: string; size: number; schema?: WireSchema };
/** Key or value in a batch: a length into the tail, [length, size], or inline. */
export type LiveText = null | number | [length: number, size: number] | Inline;
export type LiveRecord =
  | [topic: number, partition: number, offset: number, timestamp: number, key: LiveText, value: LiveText]
  | [topic: number, partition: number, offset: number, timestamp: number, key: LiveText, value: LiveText, headers: [string, LiveBytes][]];
export interface LiveBatchHead {
  count: number;
  tail: number;
  topics: string[];
  messages: LiveRecord[];
}

function compactBytes(b: WireBytes | null): LiveBytes {
  if (b === null) return null;
  if (b.text === null) return { b64: b.b64 ?? '', size: b.size };
  return b.text.length === b.size ? b.text : { text: b.text, size: b.size };
}

function fullBytes(b: LiveBytes): WireBytes | null {
  if (b === null) return null;
  if (typeof b === 'string') return { text: b, size: b.length };
  if ('b64' in b) return { text: null, b64: b.b64, size: b.size };
  return { text: b.text, size: b.size };
}

const NO_HEADERS: never[] = [];

/** Server side: messages (in order, any number of topics) to one event's data (never a line break). */
export function encodeLiveBatch(messages: readonly WireMessage[]): string {
  const topics: string[] = [];
  let last = '';
  let lastIndex = -1;
  let tail = '';
  const lean = (b: WireBytes | null): LiveText => {
    if (b === null) return null;
    const t = b.text;
    // schema-framed bytes (issue 16) carry how they were decoded, or why not: inline, with it
    if (b.schema) return t === null ? { b64: b.b64 ?? '', size: b.size, schema: b.schema } : { text: t, size: b.size, schema: b.schema };
    if (t === null) return { b64: b.b64 ?? '', size: b.size };
    if (t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) return { text: t, size: b.size };
    tail += t;
    return t.length === b.size ? t.length : [t.length, b.size];
  };
  const records = new Array<LiveRecord>(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.topic !== last) {
      last = m.topic;
      lastIndex = topics.indexOf(m.topic);
      if (lastIndex < 0) lastIndex = topics.push(m.topic) - 1;
    }
    const key = lean(m.key);
    const value = lean(m.value);
    records[i] = m.headers.length
      ? [lastIndex, m.partition, m.offset, m.timestamp, key, value, m.headers.map((h) => [h.key, compactBytes(h.value)] as [string, LiveBytes])]
      : [lastIndex, m.partition, m.offset, m.timestamp, key, value];
  }
  return JSON.stringify({ count: messages.length, tail: tail.length, topics, messages: records } satisfies LiveBatchHead) + tail;
}

const HEAD_START = /^\{"count":\d+,"tail":(\d+),/;

/** The head of an event's data and where its tail starts; null when the data is not a batch. */
function splitBatch(data: string): { head: unknown; at: number } | null {
  const m = HEAD_START.exec(data);
  if (!m) return null;
  const at = data.length - Number(m[1]);
  if (at < m[0].length) return null;
  try {
    return { head: JSON.parse(data.slice(0, at)), at };
  } catch {
    return null;
  }
}

/** Client side: a parsed head and its event's data back to `WireMessage`s (the head's lengths must fit the tail). */
export function expandLiveBatch(batch: LiveBatchHead, data: string, at: number): WireMessage[] {
  const { topics, messages } = batch;
  const out = new Array<WireMessage>(messages.length);
  const take = (b: LiveText): WireBytes | null => {
    if (b === null) return null;
    if (typeof b === 'number') {
      const text = data.slice(at, (at += b));
      return { text, size: b };
    }
    if (Array.isArray(b)) {
      const text = data.slice(at, (at += b[0]));
      return { text, size: b[1] };
    }
    if ('b64' in b) return b.schema ? { text: null, b64: b.b64, size: b.size, schema: b.schema } : { text: null, b64: b.b64, size: b.size };
    return b.schema ? { text: b.text, size: b.size, schema: b.schema } : { text: b.text, size: b.size };
  };
  for (let i = 0; i < messages.length; i++) {
    const r = messages[i]!;
    const h = r[6];
    out[i] = {
      topic: topics[r[0]]!,
      partition: r[1],
      offset: r[2],
      timestamp: r[3],
      key: take(r[4]),
      value: take(r[5]),
      headers: h ? h.map(([key, value]) => ({ key, value: fullBytes(value) })) : NO_HEADERS,
    };
  }
  return out;
}

/** Client side, unchecked (benchmarks, trusted tools): one event's data to `WireMessage`s. */
export function decodeLiveBatch(data: string): WireMessage[] {
  const s = splitBatch(data);
  if (!s) throw new Error('not a live batch');
  return expandLiveBatch(s.head as LiveBatchHead, data, s.at);
}

const int = z.number().int().nonnegative();
const liveBytes = z.union([
  z.null(),
  z.string(),
  z.object({ text: z.string(), size: int }).strict(),
  z.object({ b64: z.string(), size: int }).strict(),
]);
const liveText = z.union([
  z.null(),
  int,
  z.tuple([int, int]),
  z.object({ text: z.string(), size: int, schema: wireSchema.optional() }).strict(),
  z.object({ b64: z.string(), size: int, schema: wireSchema.optional() }).strict(),
]);
const tailLength = (t: LiveText) => (typeof t === 'number' ? t : Array.isArray(t) ? t[0] : 0);

const liveBatchHead = z
  .object({
    count: int,
    tail: int,
    topics: z.array(z.string()),
    messages: z.array(z.tuple([int, int, int, z.number(), liveText, liveText, z.array(z.tuple([z.string(), liveBytes])).optional()])),
  })
  .refine((b) => b.messages.every((r) => r[0] < b.topics.length), { message: 'a message names a topic index the event does not list', path: ['messages'] })
  .refine((b) => b.messages.reduce((n, r) => n + tailLength(r[4]) + tailLength(r[5]), 0) === b.tail, { message: 'the texts do not add up to the tail', path: ['tail'] });

/** `event: messages` data (the event's text), validated and expanded to `WireMessage[]`. */
export const liveBatch = z.string().transform((data, ctx) => {
  const s = splitBatch(data);
  if (!s) {
    ctx.addIssue({ code: 'custom', message: 'not a live batch: a JSON head {"count", "tail", ...} then the texts' });
    return z.NEVER;
  }
  const head = liveBatchHead.safeParse(s.head);
  if (!head.success) {
    for (const issue of head.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }
  return expandLiveBatch(head.data as LiveBatchHead, data, s.at);
});
