import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/server/db/db';
import { groupTotalsAt, groupTotalsAtCached, recordCycle } from '@/lib/server/lag/lag-store';
import { eachDatabase } from '../helpers/pg';

/**
 * The groups list's sparklines read cycle totals through a per-cycle cache (a cycle is written
 * in one transaction and never changes): on the real databases, the cached answer is the
 * uncached one, before and after new cycles arrive.
 */
describe.each(eachDatabase('riffle-lag-cache'))('cycle totals on %s', (_dialect, options) => {
  it('answers as the database does, and picks up a new cycle', async () => {
    const h = await openDatabase(options());
    const cluster = `cache-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const cycle = (ts: number) => ({ cluster, ts, instance: 'test', durationMs: 1, groups: 2, partitions: 3, requests: 1 });
    const rows = (k: number) => [
      { groupId: 'a', topic: 't', partition: 0, committed: 10, logEnd: 10 + k },
      { groupId: 'a', topic: 't', partition: 1, committed: null, logEnd: 5 },
      { groupId: 'b', topic: 'u', partition: 0, committed: 7, logEnd: 7 + 2 * k },
    ];
    try {
      await recordCycle(h, cycle(1000), rows(1));
      await recordCycle(h, cycle(2000), rows(2));
      expect(await groupTotalsAtCached(h, cluster, [1000, 2000])).toEqual(await groupTotalsAt(h, cluster, [1000, 2000]));
      await recordCycle(h, cycle(3000), rows(5));
      const ts = [1000, 2000, 3000];
      const cached = await groupTotalsAtCached(h, cluster, ts);
      expect(cached).toEqual(await groupTotalsAt(h, cluster, ts));
      expect(cached.get('b')?.get(3000)).toBe(10);
      expect(cached.get('a')?.get(1000)).toBe(1);
    } finally {
      await h.db.deleteFrom('lag_samples').where('cluster', '=', cluster).execute();
      await h.db.deleteFrom('lag_cycles').where('cluster', '=', cluster).execute();
      await h.close();
    }
  });
});
