import 'server-only';
import type { DbHandle } from '../db/db';
import type { LagSample } from './lag-evaluator';
import { recentCycles, sampleKey, samplesSince, type SampleRow } from './lag-store';
import { singleton } from '../singleton';

/**
 * The status window (the newest RIFFLE_LAG_WINDOW cycles of samples) kept in memory by the
 * process that samples, so the groups list and the alert evaluator don't read it back from the
 * database on every call: at 5,000 groups that read was 100,000 rows and about 1 s of a list call
 * (npm run bench -- scale, issue 23). The sampler just wrote those rows, so it can keep them.
 *
 * The database stays the truth: a reader asks it for the newest cycles' timestamps (a few rows of
 * lag_cycles) and uses the memory window only when it holds exactly those cycles. Another
 * instance samples, this one restarted, or a bucket was recorded by someone else during a
 * hand-over: the cycles differ and the reader falls back to the database.
 */

interface MemoryWindow {
  /** Timestamps of the cycles held, oldest first. */
  cycles: number[];
  /** sampleKey → samples since cycles[0], oldest first. Replaced (never mutated) each cycle. */
  samples: Map<string, LagSample[]>;
}

const g = singleton('riffle:lag/lag-window', () => new Map<string, MemoryWindow>());

/** The sampler recorded this cycle (its claim committed): add it to the cluster's window. */
export function noteWindowCycle(cluster: string, ts: number, rows: SampleRow[], windowSize: number): void {
  const prev = g.get(cluster);
  // A cycle newer than the newest held extends the window (a bucket recorded by another instance
  // in between leaves a gap: readers compare the cycles with the database and see it).
  const cycles = prev && prev.cycles.at(-1)! < ts ? [...prev.cycles, ts].slice(-windowSize) : [ts];
  const from = cycles[0]!;
  const samples = new Map<string, LagSample[]>();
  if (prev && cycles.length > 1) {
    for (const [key, list] of prev.samples) {
      const kept = list[0]!.ts >= from ? list : list.filter((s) => s.ts >= from);
      if (kept.length) samples.set(key, kept);
    }
  }
  for (const r of rows) {
    const key = sampleKey(r.groupId, r.topic, r.partition);
    const sample: LagSample = { ts, committed: r.committed, end: r.logEnd };
    const list = samples.get(key);
    samples.set(key, list ? [...list, sample] : [sample]);
  }
  g.set(cluster, { cycles, samples });
}

/** Forgets the memory window (the sampler stopped or lost the election). */
export function dropWindow(cluster: string): void {
  g.delete(cluster);
}

const sameCycles = (a: number[], b: number[]) => a.length === b.length && a.every((t, i) => t === b[i]);

function only(samples: Map<string, LagSample[]>, groupIds: string[]): Map<string, LagSample[]> {
  const wanted = new Set(groupIds);
  const out = new Map<string, LagSample[]>();
  for (const [key, list] of samples) if (wanted.has(key.slice(0, key.indexOf('\u0000')))) out.set(key, list);
  return out;
}

/**
 * Window samples (the newest windowSize cycles), keyed by sampleKey, oldest first; of some groups
 * only when groupIds is given. From memory when this process recorded exactly those cycles, else
 * from the database. The maps returned are not to be changed.
 */
export async function windowSamples(h: DbHandle, cluster: string, windowSize: number, groupIds?: string[]): Promise<{ samples: Map<string, LagSample[]>; source: 'memory' | 'database' }> {
  const cycles = await recentCycles(h, cluster, windowSize);
  if (cycles.length === 0) return { samples: new Map(), source: 'database' };
  const mem = g.get(cluster);
  if (mem && sameCycles(mem.cycles, cycles)) return { samples: groupIds ? only(mem.samples, groupIds) : mem.samples, source: 'memory' };
  return { samples: await samplesSince(h, cluster, cycles[0]!, groupIds, cycles.at(-1)), source: 'database' };
}
