import { describe, expect, it } from 'vitest';
import { streamsQuery } from '@/lib/contracts/streams';
import { muxTargetOf, muxUrl, planConnections } from './mux-plan';

describe('muxTargetOf', () => {
  it('turns topic tails and weather readings into sub-streams, and leaves other streams alone', () => {
    expect(muxTargetOf('/api/clusters/local/live?topic=a&topic=b&from=latest')).toEqual({ cluster: 'local', kind: 'live', query: { topic: ['a', 'b'], from: 'latest' } });
    expect(muxTargetOf('/api/weather/live?station=Oslo&after=2026-01-01T00%3A00%3A00.000Z')).toEqual({ cluster: null, kind: 'weather', query: { station: 'Oslo', after: '2026-01-01T00:00:00.000Z' } });
    expect(muxTargetOf('/api/clusters/local/topics/a/live')).toBeNull();
    expect(muxTargetOf('/api/clusters/%E0%A4%A/live')).toBeNull();
  });
});

describe('planConnections', () => {
  it('holds one connection per tailed cluster, with weather riding on the first', () => {
    const t = (url: string, via?: string) => ({ ...muxTargetOf(url)!, via });
    const one = new Map([
      ['a', t('/api/clusters/local/live?topic=a')],
      ['w', t('/api/weather/live?station=x', 'other')],
      ['b', t('/api/clusters/local/live?topic=b')],
    ]);
    expect(planConnections(one)).toEqual(new Map([['local', ['a', 'b', 'w']]]));
    expect(planConnections(new Map([['w', t('/api/weather/live?station=x', 'other')]]))).toEqual(new Map([['other', ['w']]]));
  });
});

describe('muxUrl', () => {
  it('is what the route validates', () => {
    const url = new URL(muxUrl('local', [{ key: 's1', kind: 'live', query: { topic: ['a', 'b'] }, resume: 'tok' }]), 'http://x');
    expect(url.pathname).toBe('/api/clusters/local/streams');
    expect(streamsQuery.parse({ s: url.searchParams.get('s') }).s).toEqual([{ key: 's1', kind: 'live', query: { topic: ['a', 'b'] }, resume: 'tok' }]);
    const bad = streamsQuery.safeParse({ s: JSON.stringify([{ key: 's1', kind: 'nope', query: {} }]) });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['s', 0, 'kind']);
  });
});
