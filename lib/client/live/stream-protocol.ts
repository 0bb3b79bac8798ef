import { z } from 'zod';

/**
 * What tabs of one origin say to each other over the BroadcastChannel. The leader tab (the one
 * holding the Web Lock) owns the EventSources; every other tab sends the whole set of streams it
 * watches (`subs`) whenever it changes and when a new leader asks (`leader`), and gets the
 * events relayed. `to` targets one tab (a replay for a tab that joined an open stream).
 */
export const CHANNEL_NAME = 'riffle-live-v1';
export const LEADER_LOCK = 'riffle-live-leader';
/** Each tab holds `TAB_LOCK_PREFIX + tabId` while it lives, so the leader can tell a closed tab from a quiet one. */
export const TAB_LOCK_PREFIX = 'riffle-live-tab:';

export const upstreamStatus = z.enum(['connecting', 'open', 'reconnecting', 'closed']);
export type UpstreamStatus = z.infer<typeof upstreamStatus>;

const streamSpec = z.object({ key: z.string(), url: z.string(), events: z.array(z.string()), sticky: z.array(z.string()), via: z.string().optional() });

export const relayMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('leader'), tab: z.string() }),
  z.object({ t: z.literal('subs'), tab: z.string(), specs: z.array(streamSpec) }),
  z.object({ t: z.literal('bye'), tab: z.string() }),
  z.object({ t: z.literal('event'), key: z.string(), event: z.string(), data: z.string(), id: z.string().nullable(), to: z.string().optional() }),
  z.object({ t: z.literal('status'), key: z.string(), status: upstreamStatus, error: z.string().nullable(), to: z.string().optional() }),
  /** The leader closed a stream nobody watches: its resume token means nothing any more. */
  z.object({ t: z.literal('end'), key: z.string() }),
  /** Sent by a tab to itself (through a second channel object): everything posted before it has arrived. */
  z.object({ t: z.literal('barrier'), nonce: z.string() }),
]);
export type RelayMessage = z.infer<typeof relayMessage>;

/** A message from another tab, or null for anything else on the channel (another version, junk). */
export function parseRelayMessage(data: unknown): RelayMessage | null {
  const r = relayMessage.safeParse(data);
  return r.success ? r.data : null;
}

/** True when a message is meant for `tab` (broadcasts are meant for everyone). */
export function isFor(m: RelayMessage, tab: string): boolean {
  return !('to' in m) || m.to === undefined || m.to === tab;
}

/**
 * The URL to (re)open a stream at: the same stream, resuming after `token` (the last event id
 * any tab saw). Replaces a resume token the URL carried already.
 */
export function withResume(url: string, token: string | null | undefined): string {
  if (!token) return url;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  params.set('resume', token);
  return `${path}?${params.toString()}`;
}
