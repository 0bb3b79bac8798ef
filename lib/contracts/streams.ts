import { z } from 'zod';
import { liveQuery } from './messages';
import { liveQuery as weatherLiveQuery } from './weather';

/**
 * The multiplexed live stream (GET /api/clusters/{cluster}/streams?s=<json>): one connection
 * carrying several sub-streams, each the same stream its own route serves, with its own query
 * and resume token. Every event the route sends is tagged with its sub-stream key.
 */

/** The client's short name for a sub-stream (its events come back tagged with it). */
export const subStreamKey = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a sub-stream key is 1 to 32 letters, digits, "_" or "-"');

/** The topics of a live tail: one (`topic=a`) or several (`topic=a&topic=b`), each once. */
const liveTopics = z
  .union([z.string().max(249), z.array(z.string().max(249)).max(100)], { error: 'name at least one topic' })
  .transform((v) => [...new Set((Array.isArray(v) ? v : [v]).filter(Boolean))])
  .pipe(z.array(z.string()).min(1, 'name at least one topic').max(20, 'a stream watches at most 20 topics'));

/** A live tail's query: its topics, where it starts, its filter (GET /api/clusters/{c}/live, /topics/{t}/live). */
export const liveStreamQuery = liveQuery.extend({ topic: liveTopics });
export type LiveStreamQuery = z.infer<typeof liveStreamQuery>;
export type LiveStreamQueryInput = z.input<typeof liveStreamQuery>;
export type WeatherStreamQuery = z.infer<typeof weatherLiveQuery>;
export type WeatherStreamQueryInput = z.input<typeof weatherLiveQuery>;

/** The id of the last event of this sub-stream the client saw (the sub-stream's own resume token). */
const subResume = z.string().min(1).max(100_000).optional();

/**
 * A stream as the browser describes it: what it is and its typed query, never a URL. The same
 * description is a sub-stream of the multiplexed route (with a key), and the server opens it
 * directly with the parsed query.
 */
export const subStream = z.discriminatedUnion('kind', [
  /** A live tail (the stream GET /api/clusters/{cluster}/live serves). */
  z.object({ key: subStreamKey, kind: z.literal('live'), query: liveStreamQuery, resume: subResume }).strict(),
  /** A station's new readings (the stream GET /api/weather/live serves). */
  z.object({ key: subStreamKey, kind: z.literal('weather'), query: weatherLiveQuery, resume: subResume }).strict(),
]);
export type SubStream = z.infer<typeof subStream>;
/** A sub-stream as the client writes it (before parsing). */
export type SubStreamInput = z.input<typeof subStream>;

export const MAX_SUB_STREAMS = 32;

const subStreamList = z
  .array(subStream)
  .min(1, 'name at least one sub-stream')
  .max(MAX_SUB_STREAMS, `a connection carries at most ${MAX_SUB_STREAMS} sub-streams`)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((s, i) => {
      if (seen.has(s.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `sub-stream key "${s.key}" is used twice` });
      seen.add(s.key);
    });
  });

/** `s` is the JSON list of sub-streams. */
export const streamsQuery = z.object({
  s: z
    .string({ error: 'list the sub-streams as JSON in "s"' })
    .max(200_000)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 's is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(subStreamList),
  resume: z.string().optional(),
});

/**
 * Data of every event on the multiplexed stream: a first line tagging it, `{s, id}`, then the
 * sub-stream's event data unchanged (not re-escaped into a JSON string: no extra bytes or parse).
 */
export const muxTag = z.object({
  /** Sub-stream key. */
  s: z.string(),
  /** The sub-stream's own event id (its resume token), when the event carried one. */
  id: z.string().nullable(),
});
export type MuxEnvelope = z.infer<typeof muxTag> & { data: string };

/** The first line of a multiplexed event's data: which sub-stream, and its own event id. */
export function muxTagLine(s: string, id: string | null): string {
  return JSON.stringify({ s, id });
}

/** The data of a multiplexed event as the client receives it (the sub-stream's data has no line break). */
export function muxData(s: string, id: string | null, data: string): string {
  return `${muxTagLine(s, id)}\n${data}`;
}

/** The tag and the sub-stream's data of a multiplexed event; null when it is not one. */
export function parseMuxData(text: string): MuxEnvelope | null {
  const nl = text.indexOf('\n');
  if (nl < 0) return null;
  try {
    const tag = muxTag.safeParse(JSON.parse(text.slice(0, nl)));
    return tag.success ? { ...tag.data, data: text.slice(nl + 1) } : null;
  } catch {
    return null;
  }
}

/**
 * The event id of the multiplexed stream: every sub-stream's last id, `key~id` pairs separated
 * by spaces (keys are [A-Za-z0-9_-], resume tokens and weather ids are printable ASCII without
 * either). It is sent on every event and comes back as a request header, so it is kept plain:
 * base64 of JSON, used before, made it a third longer. An id that holds a space, a `~` or
 * anything else falls back to that base64 form, which decodeMuxId still reads.
 */
export function encodeMuxId(ids: ReadonlyMap<string, string>): string {
  const pairs: string[] = [];
  if (ids.size === 0) return encodeMuxIdBase64(ids);
  for (const [key, id] of ids) {
    if (!PLAIN_ID.test(id)) return encodeMuxIdBase64(ids);
    pairs.push(`${key}~${id}`);
  }
  return pairs.join(' ');
}

const PLAIN_ID = /^[!-}]+$/; // printable ASCII without space and '~'

function encodeMuxIdBase64(ids: ReadonlyMap<string, string>): string {
  const json = JSON.stringify(Object.fromEntries(ids));
  let bin = '';
  for (const b of new TextEncoder().encode(json)) bin += String.fromCharCode(b);
  return btoa(bin)
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The per-sub-stream ids of a multiplexed event id; null when it is not one. */
export function decodeMuxId(token: string): Map<string, string> | null {
  if (token.includes('~')) {
    const out = new Map<string, string>();
    for (const pair of token.split(' ')) {
      const cut = pair.indexOf('~');
      const key = pair.slice(0, cut);
      if (cut < 0 || !subStreamKey.safeParse(key).success || out.has(key) || cut === pair.length - 1) return null;
      out.set(key, pair.slice(cut + 1));
    }
    return out;
  }
  try {
    const b64 = token.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const obj: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
    const r = z.record(z.string(), z.string()).safeParse(obj);
    return r.success ? new Map(Object.entries(r.data)) : null;
  } catch {
    return null;
  }
}
