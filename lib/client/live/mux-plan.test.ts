import { describe, expect, it } from 'vitest';
import { streamsQuery } from '@/lib/contracts/streams';
import { muxUrl, planConnections, streamKey, subStreamOf, type StreamDescription } from './mux-plan';

const tail = (topic: string | string[], cluster = 'local'): StreamDescription => ({ kind: 'live', cluster, query: { topic } });
const weather = (station: string): StreamDescription => ({ kind: 'weather', cluster: null, query: { station } });

describe('streamKey', () => {
  it('is the same for the same stream however it was written, and differs otherwise', () => {
    expect(streamKey({ kind: 'live', cluster: 'local', query: { topic: ['a'], from: 'earliest' } })).toBe(streamKey({ kind: 'live', cluster: 'local', query: { from: 'earliest', topic: ['a'], where: undefined } }));
    expect(streamKey(tail('a'))).not.toBe(streamKey(tail('a', 'other')));
    expect(streamKey(tail('a'))).not.toBe(streamKey({ kind: 'live', cluster: 'local', query: { topic: 'a', resume: 'tok' } }));
  });
});

describe('planConnections', () => {
  it('holds one connection per tailed cluster, with weather riding on the first', () => {
    const one = new Map<string, StreamDescription & { via?: string }>([
      ['a', tail('a')],
      ['w', { ...weather('x'), via: 'other' }],
      ['b', tail('b')],
    ]);
    expect(planConnections(one)).toEqual(new Map([['local', ['a', 'b', 'w']]]));
    expect(planConnections(new Map([['w', { ...weather('x'), via: 'other' }]]))).toEqual(new Map([['other', ['w']]]));
  });
});

describe('muxUrl', () => {
  it('carries the descriptions as the route validates them', () => {
    const subs = [subStreamOf(tail(['a', 'b']), 's1', 'tok'), subStreamOf(weather('Oslo'), 's2', undefined)];
    const url = new URL(muxUrl('local', subs), 'http://x');
    expect(url.pathname).toBe('/api/clusters/local/streams');
    expect(streamsQuery.parse({ s: url.searchParams.get('s') }).s).toEqual([
      { key: 's1', kind: 'live', query: { topic: ['a', 'b'], from: 'latest' }, resume: 'tok' },
      { key: 's2', kind: 'weather', query: { station: 'Oslo' } },
    ]);
    const bad = streamsQuery.safeParse({ s: JSON.stringify([{ key: 's1', kind: 'nope', query: {} }]) });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['s', 0, 'kind']);
  });
});
