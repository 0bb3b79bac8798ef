import { describe, expect, it } from 'vitest';
import { decodeMuxId, parseMuxData } from '@/lib/contracts/streams';
import { liveBatch } from '@/lib/contracts/live-batch';
import type { WireMessage } from '@/lib/contracts/messages';
import { eventSource, type LiveEvent } from './live-events';
import { multiplexedResponse, sseResponse } from './sse-writer';

/**
 * The one SSE writer, on in-memory event sources (no Kafka here: the sources' own behaviour is
 * tested against the real cluster in test/messages). What it writes is read back by the WHATWG
 * rules a browser's EventSource follows.
 */
function parseSse(text: string): { event: string; id: string | null; data: string }[] {
  const out: { event: string; id: string | null; data: string }[] = [];
  for (const block of text.split(/\n\n/)) {
    let event = 'message';
    let id: string | null = null;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue;
      const c = line.indexOf(':');
      const field = c < 0 ? line : line.slice(0, c);
      const value = c < 0 ? '' : line.slice(c + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) out.push({ event, id, data: data.join('\n') });
  }
  return out;
}

/** A source that yields these batches, then ends; `closed` says whether the writer closed it. */
function listSource(batches: LiveEvent[][], endAfterMs = 0) {
  const state = { closed: false };
  const source = eventSource(
    1_000,
    async () => {
      if (!state.closed && !batches.length && endAfterMs) await new Promise((r) => setTimeout(r, endAfterMs));
      return state.closed ? null : (batches.shift() ?? null);
    },
    () => {
      state.closed = true;
    },
  );
  return { source, state };
}

const msg = (offset: number, value: string): WireMessage => ({ topic: 't', partition: 0, offset, timestamp: 1, key: null, value: { text: value, size: Buffer.byteLength(value) }, headers: [] });

describe('the one SSE writer', () => {
  it('writes a single stream: retry first, each event with its id, heartbeats as comments', async () => {
    const { source, state } = listSource([
      [{ type: 'ready', id: 'r1', topics: [{ topic: 't', partitions: 1 }] }],
      [{ type: 'messages', id: 't@0:2', messages: [msg(0, 'a\nb'), msg(1, '{"x":"y"}')] }, { type: 'heartbeat' }, { type: 'status', topic: 't', state: 'live', message: 'ok', since: 'now' }],
    ]);
    const res = sseResponse(source, new AbortController().signal);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    const text = await res.text();
    expect(text.startsWith('retry: 1000\n')).toBe(true);
    expect(text).toContain(': heartbeat');
    const events = parseSse(text);
    expect(events.map((e) => [e.event, e.id])).toEqual([
      ['ready', 'r1'],
      ['messages', 't@0:2'],
      ['status', null],
    ]);
    expect(liveBatch.parse(events[1]!.data)).toEqual([msg(0, 'a\nb'), msg(1, '{"x":"y"}')]);
    expect(state.closed).toBe(true);
  });

  it('closes the source when the client goes away', async () => {
    const { source, state } = listSource([[{ type: 'heartbeat' }]]);
    const abort = new AbortController();
    sseResponse(source, abort.signal);
    abort.abort();
    expect(state.closed).toBe(true);
  });

  it('tags a multiplexed stream: each event names its sub-stream and its own id, the id carries every sub-stream', async () => {
    const a = listSource([[{ type: 'messages', id: 'a-1', messages: [msg(5, 'x')] }], [{ type: 'failure', code: 'TOPIC_GONE', message: 'gone' }]]);
    // b ends (the server stopping) after a failed: its end closes the connection
    const b = listSource([[{ type: 'readings', id: 'b-1', readings: [] }, { type: 'problem', message: 'db' }]], 50);
    let released = 0;
    const res = multiplexedResponse(
      [
        { key: 'a', source: a.source },
        { key: 'b', source: b.source },
      ],
      new Map([['b', 'b-0']]),
      new AbortController().signal,
      () => released++,
    );
    const events = parseSse(await res.text());
    const tagged = events.map((e) => ({ event: e.event, ids: decodeMuxId(e.id!), ...parseMuxData(e.data)! }));
    const aMessages = tagged.find((e) => e.s === 'a' && e.event === 'messages')!;
    expect(aMessages.id).toBe('a-1');
    expect(liveBatch.parse(aMessages.data)).toEqual([msg(5, 'x')]);
    expect(tagged.find((e) => e.s === 'a' && e.event === 'failure')).toMatchObject({ id: null, data: JSON.stringify({ code: 'TOPIC_GONE', message: 'gone' }) });
    expect(tagged.find((e) => e.s === 'b' && e.event === 'readings')).toMatchObject({ id: 'b-1', data: '{"readings":[]}' });
    // the last event's id holds both sub-streams' last ids
    expect(tagged.at(-1)!.ids).toEqual(new Map([['b', 'b-1'], ['a', 'a-1']]));
    expect(a.state.closed && b.state.closed).toBe(true);
    expect(released).toBe(1);
  });
});
