import 'server-only';
import { sql } from 'kysely';
import type { DbHandle } from '../db/db';
import type { LagSample } from './lag-evaluator';

export interface SampleRow {
  groupId: string;
  topic: string;
  partition: number;
  committed: number | null;
  logEnd: number;
}

export interface CycleInfo {
  cluster: string;
  ts: number;
  instance: string;
  durationMs: number;
  groups: number;
  partitions: number;
  requests: number;
}

const num = (v: number | string) => Number(v);
const numOrNull = (v: number | string | null) => (v == null ? null : Number(v));
const CHUNK = 500;

/**
 * Records one cycle under its time bucket's claim: if another instance already recorded this
 * bucket, false comes back. Postgres (and SQLite inside an open Kysely transaction): claim and
 * samples commit together. SQLite otherwise: the samples in slices, then the claim (below).
 * Readers only read samples of claimed cycles (samplesSince is bounded by the newest claim).
 */
export async function recordCycle(h: DbHandle, cycle: CycleInfo, rows: SampleRow[]): Promise<boolean> {
  // A cycle at 5,000 groups is 10,000 rows (issue 23). SQLite: prepared statements, not Kysely
  // inserts of 500 rows built and compiled each cycle. Postgres: one INSERT … SELECT FROM
  // unnest(arrays) instead of 20 statements of 3,500 parameters.
  if (h.sqlite && !h.sqlite.inTransaction) return recordCycleSqlite(h.sqlite, cycle, rows);
  return h.db.transaction().execute(async (trx) => {
    const claim = await trx
      .insertInto('lag_cycles')
      .values({
        cluster: cycle.cluster,
        ts: cycle.ts,
        instance: cycle.instance,
        duration_ms: Math.round(cycle.durationMs),
        groups: cycle.groups,
        partitions: cycle.partitions,
        requests: cycle.requests,
      })
      .onConflict((oc) => oc.columns(['cluster', 'ts']).doNothing())
      .executeTakeFirst();
    if (Number(claim.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    if (rows.length && h.dialect === 'postgres') {
      await sql`
        insert into lag_samples (cluster, group_id, topic, partition, ts, committed, log_end)
        select ${cycle.cluster}, g, t, p, ${cycle.ts}, c, e
        from unnest(${rows.map((r) => r.groupId)}::text[], ${rows.map((r) => r.topic)}::text[], ${rows.map((r) => r.partition)}::int[], ${rows.map((r) => r.committed)}::bigint[], ${rows.map((r) => r.logEnd)}::bigint[]) as x(g, t, p, c, e)
        on conflict (cluster, group_id, topic, partition, ts) do nothing`.execute(trx);
      return true;
    }
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx
        .insertInto('lag_samples')
        .values(
          rows.slice(i, i + CHUNK).map((r) => ({
            cluster: cycle.cluster,
            group_id: r.groupId,
            topic: r.topic,
            partition: r.partition,
            ts: cycle.ts,
            committed: r.committed,
            log_end: r.logEnd,
          })),
        )
        .onConflict((oc) => oc.columns(['cluster', 'group_id', 'topic', 'partition', 'ts']).doNothing())
        .execute();
    }
    return true;
  });
}

type Sqlite = NonNullable<DbHandle['sqlite']>;
interface SqliteWriter {
  claimed: (cluster: string, ts: number) => boolean;
  rows: (cycle: CycleInfo, rows: SampleRow[]) => void;
  claim: (cycle: CycleInfo) => boolean;
}
const sqliteWriters = new WeakMap<Sqlite, SqliteWriter>();
const SLICE = 1_000;

function sqliteWriter(sqlite: Sqlite): SqliteWriter {
  let w = sqliteWriters.get(sqlite);
  if (w) return w;
  const seen = sqlite.prepare('select 1 from lag_cycles where cluster = ? and ts = ?').pluck();
  const claim = sqlite.prepare('insert into lag_cycles (cluster, ts, instance, duration_ms, groups, partitions, requests) values (?, ?, ?, ?, ?, ?, ?) on conflict (cluster, ts) do nothing');
  const sample = sqlite.prepare(
    'insert into lag_samples (cluster, group_id, topic, partition, ts, committed, log_end) values (?, ?, ?, ?, ?, ?, ?) on conflict (cluster, group_id, topic, partition, ts) do nothing',
  );
  w = {
    claimed: (cluster, ts) => seen.get(cluster, ts) !== undefined,
    rows: sqlite.transaction((c: CycleInfo, list: SampleRow[]) => {
      for (const r of list) sample.run(c.cluster, r.groupId, r.topic, r.partition, c.ts, r.committed, r.logEnd);
    }),
    claim: (c) => claim.run(c.cluster, c.ts, c.instance, Math.round(c.durationMs), c.groups, c.partitions, c.requests).changes > 0,
  };
  sqliteWriters.set(sqlite, w);
  return w;
}

/**
 * SQLite's write is synchronous: one transaction of 10,000 rows blocked the event loop for about
 * 0.85 s a cycle at 5,000 groups (profiled under npm run bench -- scale), and every list call
 * waited behind it. The rows go in slices of 1,000, each its own transaction with the event loop
 * free between them, and the claim comes last, so a cycle becomes visible whole. Two instances
 * writing one bucket during a hand-over write the same keys (the second's are ignored); the one
 * whose claim lands records the cycle. A write cut short leaves rows of an unclaimed bucket that
 * no reader reads and retention removes.
 */
async function recordCycleSqlite(sqlite: Sqlite, cycle: CycleInfo, rows: SampleRow[]): Promise<boolean> {
  const w = sqliteWriter(sqlite);
  if (w.claimed(cycle.cluster, cycle.ts)) return false;
  for (let i = 0; i < rows.length; i += SLICE) {
    if (i > 0) await new Promise((r) => setImmediate(r));
    // A Kysely transaction opened meanwhile must not take these rows in: wait for it to end.
    while (sqlite.inTransaction) await new Promise((r) => setTimeout(r, 5));
    w.rows(cycle, rows.slice(i, i + SLICE));
  }
  while (sqlite.inTransaction) await new Promise((r) => setTimeout(r, 5));
  return w.claim(cycle);
}

/** Deletes history older than the cutoff. */
export async function pruneBefore(h: DbHandle, cluster: string, cutoffTs: number): Promise<void> {
  await h.db.deleteFrom('lag_samples').where('cluster', '=', cluster).where('ts', '<', cutoffTs).execute();
  await h.db.deleteFrom('lag_cycles').where('cluster', '=', cluster).where('ts', '<', cutoffTs).execute();
}

/** The newest n cycle timestamps, oldest first. */
export async function recentCycles(h: DbHandle, cluster: string, n: number): Promise<number[]> {
  const rows = await h.db.selectFrom('lag_cycles').select('ts').where('cluster', '=', cluster).orderBy('ts', 'desc').limit(n).execute();
  return rows.map((r) => num(r.ts)).reverse();
}

export async function cyclesSince(h: DbHandle, cluster: string, fromTs: number): Promise<CycleInfo[]> {
  const rows = await h.db.selectFrom('lag_cycles').selectAll().where('cluster', '=', cluster).where('ts', '>=', fromTs).orderBy('ts').execute();
  return rows.map((r) => ({
    cluster: r.cluster,
    ts: num(r.ts),
    instance: r.instance,
    durationMs: r.duration_ms,
    groups: r.groups,
    partitions: r.partitions,
    requests: r.requests,
  }));
}

export const sampleKey = (groupId: string, topic: string, partition: number) => `${groupId}\u0000${topic}\u0000${partition}`;

/**
 * Samples from fromTs to toTs (the newest claimed cycle: a cycle being written has rows before its
 * claim, see recordCycleSqlite), optionally of some groups, keyed by group/topic/partition, oldest first.
 */
export async function samplesSince(h: DbHandle, cluster: string, fromTs: number, groupIds?: string[], toTs?: number): Promise<Map<string, LagSample[]>> {
  let q = h.db
    .selectFrom('lag_samples')
    .select(['group_id', 'topic', 'partition', 'ts', 'committed', 'log_end'])
    .where('cluster', '=', cluster)
    .where('ts', '>=', fromTs);
  if (toTs !== undefined) q = q.where('ts', '<=', toTs);
  if (groupIds) {
    if (groupIds.length === 0) return new Map();
    q = q.where('group_id', 'in', groupIds);
  }
  const rows = await q.orderBy('ts').execute();
  const out = new Map<string, LagSample[]>();
  for (const r of rows) {
    const key = sampleKey(r.group_id, r.topic, r.partition);
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push({ ts: num(r.ts), committed: numOrNull(r.committed), end: num(r.log_end) });
  }
  return out;
}

/** Total lag per group per cycle at the given cycle timestamps. */
export async function groupTotalsAt(h: DbHandle, cluster: string, ts: number[]): Promise<Map<string, Map<number, number>>> {
  const out = new Map<string, Map<number, number>>();
  if (ts.length === 0) return out;
  const rows = await h.db
    .selectFrom('lag_samples')
    .select(['group_id', 'ts', sql<number | string>`sum(case when committed is null or log_end < committed then 0 else log_end - committed end)`.as('lag')])
    .where('cluster', '=', cluster)
    .where('ts', 'in', ts)
    .groupBy(['group_id', 'ts'])
    .execute();
  for (const r of rows) {
    let m = out.get(r.group_id);
    if (!m) out.set(r.group_id, (m = new Map()));
    m.set(num(r.ts), Number(r.lag));
  }
  return out;
}

/**
 * groupTotalsAt through a cache of whole cycles: a cycle's rows are written in one transaction
 * (recordCycle), so once a cycle is visible its totals never change. The groups list draws 30
 * cycles of sparklines on every call; at 5,000 groups that was an aggregate over 300,000 rows
 * each time (2.2 s of a 4 s call, npm run bench -- scale), now only the cycles not yet seen.
 */
const CACHED_CYCLES = 64;
const cycleTotals = new WeakMap<DbHandle, Map<string, Map<string, number>>>();

export async function groupTotalsAtCached(h: DbHandle, cluster: string, ts: number[]): Promise<Map<string, Map<number, number>>> {
  let cache = cycleTotals.get(h);
  if (!cache) cycleTotals.set(h, (cache = new Map()));
  const key = (t: number) => `${cluster}\u0000${t}`;
  const missing = ts.filter((t) => !cache.has(key(t)));
  if (missing.length) {
    const fresh = await groupTotalsAt(h, cluster, missing);
    for (const t of missing) cache.set(key(t), new Map());
    for (const [group, perTs] of fresh) for (const [t, lag] of perTs) cache.get(key(t))?.set(group, lag);
    // the oldest cycles go first (a Map keeps insertion order)
    for (const k of [...cache.keys()].slice(0, Math.max(0, cache.size - CACHED_CYCLES))) cache.delete(k);
  }
  const out = new Map<string, Map<number, number>>();
  for (const t of ts) {
    for (const [group, lag] of cache.get(key(t)) ?? []) {
      let m = out.get(group);
      if (!m) out.set(group, (m = new Map()));
      m.set(t, lag);
    }
  }
  return out;
}

/**
 * The sampler recorded a cycle: its per-group totals go into the cache above straight from the
 * rows it wrote, so the next list call needs no aggregate over the cycle's rows (10,000 at 5,000
 * groups). The same sum as groupTotalsAt's SQL: no commit, or a commit past the end, adds 0.
 */
export function noteCycleTotals(h: DbHandle, cluster: string, ts: number, rows: SampleRow[]): void {
  let cache = cycleTotals.get(h);
  if (!cache) cycleTotals.set(h, (cache = new Map()));
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.groupId, (totals.get(r.groupId) ?? 0) + (r.committed == null || r.logEnd < r.committed ? 0 : r.logEnd - r.committed));
  cache.set(`${cluster}\u0000${ts}`, totals);
  for (const k of [...cache.keys()].slice(0, Math.max(0, cache.size - CACHED_CYCLES))) cache.delete(k);
}

export interface TopicPointRow {
  topic: string;
  ts: number;
  lag: number;
  committed: number;
  logEnd: number;
}

/** Per topic and cycle: total lag, and sums of committed and end offsets (for rates). */
export async function topicTotalsAt(h: DbHandle, cluster: string, groupId: string, ts: number[], topic?: string): Promise<TopicPointRow[]> {
  if (ts.length === 0) return [];
  let q = h.db
    .selectFrom('lag_samples')
    .select([
      'topic',
      'ts',
      sql<number | string>`sum(case when committed is null or log_end < committed then 0 else log_end - committed end)`.as('lag'),
      sql<number | string>`sum(case when committed is null then 0 else committed end)`.as('committed_sum'),
      sql<number | string>`sum(log_end)`.as('end_sum'),
    ])
    .where('cluster', '=', cluster)
    .where('group_id', '=', groupId)
    .where('ts', 'in', ts);
  if (topic) q = q.where('topic', '=', topic);
  const rows = await q.groupBy(['topic', 'ts']).orderBy('ts').execute();
  return rows.map((r) => ({ topic: r.topic, ts: num(r.ts), lag: Number(r.lag), committed: Number(r.committed_sum), logEnd: Number(r.end_sum) }));
}
