import 'server-only';
import { encodeLiveBatch } from '@/lib/contracts/live-batch';
import type { WireMessage } from '@/lib/contracts/messages';
import type { Reading } from '@/lib/contracts/weather';

/**
 * The live path's one currency: a stream (a topic tail, a station's readings) is an event
 * source, an async iterable of typed events, opened directly with its parsed query. Routes
 * never build a Request for another route and never parse SSE: the single-stream routes and
 * the multiplexed one hand sources to the one SSE writer (sse-writer.ts), which is the only
 * code that turns an event into SSE text.
 */
export type LiveEvent =
  | { type: 'ready'; id: string; topics: { topic: string; partitions: number }[] }
  /** A batch of messages; `id` is the resume token after the last of them. */
  | { type: 'messages'; id: string; messages: readonly WireMessage[] }
  /** Messages discarded because the client fell behind; `id` moves past them. */
  | { type: 'dropped'; id: string; count: number }
  /** The hub lost (or regained) Kafka; the stream stays open. */
  | { type: 'status'; topic: string; state: 'live' | 'reconnecting'; message: string; since: string }
  /** The stream ends because of this (it is the last event of its source). */
  | { type: 'failure'; code: string; message: string }
  /** New readings of a station; `id` is `<observedAt>|<kind>` of the last one. */
  | { type: 'readings'; id: string; readings: Reading[] }
  /** A tick of the readings stream could not read the database; it goes on. */
  | { type: 'problem'; message: string }
  | { type: 'heartbeat' };

/**
 * An open stream. It yields events in batches, each the events ready at that moment (one await
 * per batch, not per event: a tail yields thousands of messages a second); it ends when the
 * stream is over (a failure, the server stopping) or after close().
 */
export interface LiveEventSource extends AsyncIterable<readonly LiveEvent[]> {
  /** How soon a disconnected EventSource should come back (SSE `retry:`). */
  readonly retryMs: number;
  /** Releases the stream's resources (Kafka hubs, timers, its stream slot) at once; idempotent. */
  close(): void;
}

/** An event's SSE fields (a heartbeat is a comment: null). `data` never holds a line break. */
export function sseFields(ev: LiveEvent): { event: string; id: string | null; data: string } | null {
  switch (ev.type) {
    case 'messages':
      return { event: 'messages', id: ev.id, data: encodeLiveBatch(ev.messages) };
    case 'ready':
      return { event: 'ready', id: ev.id, data: JSON.stringify({ topics: ev.topics }) };
    case 'dropped':
      return { event: 'dropped', id: ev.id, data: JSON.stringify({ count: ev.count }) };
    case 'status':
      return { event: 'status', id: null, data: JSON.stringify({ topic: ev.topic, state: ev.state, message: ev.message, since: ev.since }) };
    case 'failure':
      return { event: 'failure', id: null, data: JSON.stringify({ code: ev.code, message: ev.message }) };
    case 'readings':
      return { event: 'readings', id: ev.id, data: JSON.stringify({ readings: ev.readings }) };
    case 'problem':
      return { event: 'problem', id: null, data: JSON.stringify({ message: ev.message }) };
    case 'heartbeat':
      return null;
  }
}

/**
 * A LiveEventSource from a `pull` that waits for the next batch (null: the stream is over) and a
 * `close`. Iterating twice shares the one stream.
 */
export function eventSource(retryMs: number, pull: () => Promise<readonly LiveEvent[] | null>, close: () => void): LiveEventSource {
  const iterator: AsyncIterator<readonly LiveEvent[]> = {
    async next() {
      const value = await pull();
      if (value === null) {
        close();
        return { done: true, value: undefined };
      }
      return { done: false, value };
    },
    async return() {
      close();
      return { done: true, value: undefined };
    },
  };
  return { retryMs, close, [Symbol.asyncIterator]: () => iterator };
}
