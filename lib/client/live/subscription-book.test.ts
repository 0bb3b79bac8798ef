import { describe, expect, it } from 'vitest';
import { SubscriptionBook, type StreamSpec } from './subscription-book';
import { isFor, parseRelayMessage } from './stream-protocol';
import { streamKey, type StreamDescription } from './mux-plan';

const streams: Record<string, StreamDescription> = {};
const describe1 = (topic: string): string => {
  const d: StreamDescription = { kind: 'live', cluster: 'local', query: { topic } };
  streams[streamKey(d)] = d;
  return streamKey(d);
};
const spec = (key: string, events = ['messages'], sticky = ['ready']): StreamSpec => ({ key, stream: streams[key]!, events, sticky });
const A = describe1('a');
const B = describe1('b');

describe('SubscriptionBook', () => {
  it('opens a stream once for every tab that watches it and closes it after the last one leaves', () => {
    const book = new SubscriptionBook();
    expect(book.replaceTab('t1', [spec(A)])).toEqual({ opened: [A], closed: [], joined: [], widened: [] });
    expect(book.replaceTab('t2', [spec(A)])).toEqual({ opened: [], closed: [], joined: [A], widened: [] });
    expect(book.replaceTab('t3', [spec(A), spec(B)])).toEqual({ opened: [B], closed: [], joined: [A], widened: [] });
    expect(book.keys().sort()).toEqual([A, B]);
    expect(book.tabsOf(A).sort()).toEqual(['t1', 't2', 't3']);
    expect(book.replaceTab('t1', [])).toEqual({ opened: [], closed: [], joined: [], widened: [] });
    expect(book.dropTab('t3')).toEqual([B]);
    expect(book.dropTab('t2')).toEqual([A]);
    expect(book.keys()).toEqual([]);
    expect(book.tabs()).toEqual([]);
  });

  it('is idempotent: a tab repeating its set changes nothing', () => {
    const book = new SubscriptionBook();
    book.replaceTab('t1', [spec(A), spec(B)]);
    expect(book.replaceTab('t1', [spec(A), spec(B)])).toEqual({ opened: [], closed: [], joined: [], widened: [] });
    expect(book.specsOf('t1')).toEqual([spec(A), spec(B)]);
  });

  it('listens to the union of the event names, and says when it grows', () => {
    const book = new SubscriptionBook();
    book.replaceTab('t1', [spec(A, ['messages'])]);
    expect(book.eventsOf(A)).toEqual(['messages', 'ready']);
    const d = book.replaceTab('t2', [spec(A, ['messages', 'dropped'], ['ready', 'hello'])]);
    expect(d).toEqual({ opened: [], closed: [], joined: [A], widened: [A] });
    expect(book.eventsOf(A)).toEqual(['dropped', 'hello', 'messages', 'ready']);
    expect(book.stickyOf(A)).toEqual(['hello', 'ready']);
    // narrowing again is not a change the upstream has to act on
    expect(book.replaceTab('t2', []).widened).toEqual([]);
  });

  it('add and remove change one stream of a tab and keep the others', () => {
    const book = new SubscriptionBook();
    book.add('me', spec(A));
    expect(book.add('me', spec(B)).opened).toEqual([B]);
    expect(book.remove('me', A).closed).toEqual([A]);
    expect(book.specsOf('me').map((s) => s.key)).toEqual([B]);
    expect(book.streamOf(B)).toEqual({ kind: 'live', cluster: 'local', query: { topic: 'b' } });
    expect(book.streamOf(A)).toBeUndefined();
  });
});

describe('relay protocol', () => {
  it('accepts the messages tabs send and nothing else', () => {
    expect(parseRelayMessage({ t: 'subs', tab: 'x', specs: [spec(A)] })).toEqual({ t: 'subs', tab: 'x', specs: [spec(A)] });
    expect(parseRelayMessage({ t: 'event', key: A, event: 'messages', data: '[]', id: 'tok' })).not.toBeNull();
    expect(parseRelayMessage({ t: 'status', key: A, status: 'open', error: null, to: 'x' })).not.toBeNull();
    expect(parseRelayMessage({ t: 'status', key: A, status: 'weird', error: null })).toBeNull();
    expect(parseRelayMessage({ t: 'subs', tab: 'x' })).toBeNull();
    // a stream is a description, not a URL
    expect(parseRelayMessage({ t: 'subs', tab: 'x', specs: [{ key: A, url: '/api/clusters/local/live?topic=a', events: [], sticky: [] }] })).toBeNull();
    expect(parseRelayMessage('hello')).toBeNull();
    expect(parseRelayMessage(null)).toBeNull();
  });

  it('delivers broadcasts to everyone and targeted messages to their tab only', () => {
    const m = parseRelayMessage({ t: 'event', key: A, event: 'ready', data: '{}', id: null, to: 'x' })!;
    expect(isFor(m, 'x')).toBe(true);
    expect(isFor(m, 'y')).toBe(false);
    expect(isFor(parseRelayMessage({ t: 'leader', tab: 'x' })!, 'y')).toBe(true);
  });
});
