import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/server/db/db';
import { groupTotalsAt, groupTotalsAtCached, noteCycleTotals, recentCycles, recordCycle, samplesSince, type SampleRow } from '@/lib/server/lag/lag-store';
import { dropWindow, noteWindowCycle, windowSamples } from '@/lib/server/lag/lag-window';
import { eachDatabase } from '../helpers/pg';

/**
 * The sampling process keeps the status window and the cycles' sparkline totals in memory
 * instead of reading them back (issue 23). On the real databases: what memory answers is what
 * the database answers, and when memory does not hold exactly the database's newest cycles
 * (another instance recorded one, a restart) the reader gets the database's rows.
 */
describe.each(eachDatabase('riffle-lag-window'))('lag window in memory on %s', (_dialect, options) => {
  const WINDOW = 4;
  const rows = (k: number): SampleRow[] => [
    { groupId: 'a', topic: 't', partition: 0, committed: 10 + k, logEnd: 20 + 2 * k },
    { groupId: 'a', topic: 't', partition: 1, committed: null, logEnd: 5 },
    // a commit past the end (a reset beyond it): counts 0 in totals, as the SQL does
    { groupId: 'b', topic: 'u', partition: 0, committed: 9, logEnd: 7 },
    // a partition that only some cycles have (the group stopped committing to it)
    ...(k < 3 ? [{ groupId: 'c', topic: 'v', partition: 0, committed: k, logEnd: 3 }] : []),
  ];

  it('answers as the database does, and falls back to it when memory is behind', async () => {
    const h = await openDatabase(options());
    const cluster = `window-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const cycle = (ts: number, r: SampleRow[]) => ({ cluster, ts, instance: 'test', durationMs: 1, groups: 3, partitions: r.length, requests: 1 });
    const record = async (k: number, inMemory = true) => {
      const ts = 1000 * (k + 1);
      expect(await recordCycle(h, cycle(ts, rows(k)), rows(k))).toBe(true);
      if (inMemory) {
        noteWindowCycle(cluster, ts, rows(k), WINDOW);
        noteCycleTotals(h, cluster, ts, rows(k));
      }
    };
    const fromDb = async (groupIds?: string[]) => {
      const cycles = await recentCycles(h, cluster, WINDOW);
      return samplesSince(h, cluster, cycles[0]!, groupIds, cycles.at(-1));
    };
    try {
      // Fewer cycles in memory than the database holds (this process started late): database.
      await record(0, false);
      await record(1);
      expect((await windowSamples(h, cluster, WINDOW)).source).toBe('database');
      for (let k = 2; k < 7; k++) await record(k);
      const all = await windowSamples(h, cluster, WINDOW);
      expect(all.source).toBe('memory');
      expect(all.samples).toEqual(await fromDb());
      expect(all.samples.get('c\u0000v\u00000')).toBeUndefined(); // its last sample left the window
      const some = await windowSamples(h, cluster, WINDOW, ['b']);
      expect(some.source).toBe('memory');
      expect(some.samples).toEqual(await fromDb(['b']));
      const ts = [4000, 5000, 6000, 7000];
      expect(await groupTotalsAtCached(h, cluster, ts)).toEqual(await groupTotalsAt(h, cluster, ts));

      // Another instance recorded the next bucket: memory lacks it, the reader gets the database's.
      await record(7, false);
      // A cycle being written: its rows come before its claim (SQLite) and nobody reads them yet.
      await h.db.insertInto('lag_samples').values({ cluster, group_id: 'a', topic: 't', partition: 0, ts: 99_000, committed: 1, log_end: 2 }).execute();
      const after = await windowSamples(h, cluster, WINDOW);
      expect(after.source).toBe('database');
      expect(after.samples).toEqual(await fromDb());
      expect(after.samples.get('a\u0000t\u00000')!.map((x) => x.ts)).toEqual([5000, 6000, 7000, 8000]);
      // This process records again: still the database's until its window is whole again.
      await record(8);
      expect((await windowSamples(h, cluster, WINDOW)).source).toBe('database');
      dropWindow(cluster);
      expect((await windowSamples(h, cluster, WINDOW)).source).toBe('database');
    } finally {
      dropWindow(cluster);
      await h.db.deleteFrom('lag_samples').where('cluster', '=', cluster).execute();
      await h.db.deleteFrom('lag_cycles').where('cluster', '=', cluster).execute();
      await h.close();
    }
  });
});
