import { z } from 'zod';
import type { StreamDescription } from './mux-plan';

/**
 * What tabs of one origin say to each other over the BroadcastChannel. The leader tab (the one
 * holding the Web Lock) owns the EventSources; every other tab sends the whole set of streams it
 * watches (`subs`) whenever it changes and when a new leader asks (`leader`), and gets the
 * events relayed. `to` targets one tab (a replay for a tab that joined an open stream).
 */
export const CHANNEL_NAME = 'riffle-live-v2';
export const LEADER_LOCK = 'riffle-live-leader';
/** Each tab holds `TAB_LOCK_PREFIX + tabId` while it lives, so the leader can tell a closed tab from a quiet one. */
export const TAB_LOCK_PREFIX = 'riffle-live-tab:';

export const upstreamStatus = z.enum(['connecting', 'open', 'reconnecting', 'closed']);
export type UpstreamStatus = z.infer<typeof upstreamStatus>;

/** A stream description as another tab sent it (the route validates the query itself when the leader opens it). */
const streamDescription = z.custom<StreamDescription>(
  (d) => z.object({ kind: z.enum(['live', 'weather']), cluster: z.string().nullable(), query: z.record(z.string(), z.unknown()) }).safeParse(d).success,
);
const streamSpec = z.object({ key: z.string(), stream: streamDescription, events: z.array(z.string()), sticky: z.array(z.string()), via: z.string().optional() });

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
