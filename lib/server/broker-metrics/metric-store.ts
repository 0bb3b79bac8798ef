import 'server-only';
import type { DbHandle } from '../db/db';
import type { ExporterSample, StoredMetric } from './exporter-samples';

const CHUNK = 500;
/** Raw scrapes are kept this long; older ones are thinned to one a minute (counters stay exact: rates are differences). */
export const RAW_KEEP_MS = 60 * 60_000;
export const KEEP_MS = 24 * 60 * 60_000;

export async function recordScrape(h: DbHandle, cluster: string, broker: number, ts: number, samples: ExporterSample[]): Promise<void> {
  for (let i = 0; i < samples.length; i += CHUNK) {
    await h.db
      .insertInto('broker_metric_samples')
      .values(samples.slice(i, i + CHUNK).map((s) => ({ cluster, broker, metric: s.metric, topic: s.topic, ts, value: s.value })))
      // another console instance scraped the same bucket: its row stands
      .onConflict((oc) => oc.columns(['cluster', 'broker', 'metric', 'topic', 'ts']).doNothing())
      .execute();
  }
}

/** Thins rows older than RAW_KEEP_MS to those on whole minutes, and drops rows older than KEEP_MS. */
export async function thinHistory(h: DbHandle, cluster: string, now: number): Promise<void> {
  await h.db.deleteFrom('broker_metric_samples').where('cluster', '=', cluster).where('ts', '<', now - KEEP_MS).execute();
  const rows = await h.db
    .selectFrom('broker_metric_samples')
    .select('ts')
    .distinct()
    .where('cluster', '=', cluster)
    .where('ts', '<', now - RAW_KEEP_MS)
    .where('ts', '>=', now - RAW_KEEP_MS - 10 * 60_000)
    .execute();
  const drop = rows.map((r) => Number(r.ts)).filter((ts) => ts % 60_000 !== 0);
  for (let i = 0; i < drop.length; i += CHUNK) {
    await h.db.deleteFrom('broker_metric_samples').where('cluster', '=', cluster).where('ts', 'in', drop.slice(i, i + CHUNK)).execute();
  }
}

export interface SampleRow {
  broker: number;
  metric: StoredMetric;
  topic: string;
  ts: number;
  value: number;
}

export async function readSamples(
  h: DbHandle,
  q: { cluster: string; from: number; to: number; metrics: StoredMetric[]; broker?: number; topics: 'broker-wide' | 'per-topic'; topic?: string },
): Promise<SampleRow[]> {
  let query = h.db
    .selectFrom('broker_metric_samples')
    .select(['broker', 'metric', 'topic', 'ts', 'value'])
    .where('cluster', '=', q.cluster)
    .where('ts', '>', q.from)
    .where('ts', '<=', q.to)
    .where('metric', 'in', q.metrics);
  if (q.broker !== undefined) query = query.where('broker', '=', q.broker);
  if (q.topics === 'broker-wide') query = query.where('topic', '=', '');
  else query = q.topic !== undefined ? query.where('topic', '=', q.topic) : query.where('topic', '!=', '');
  const rows = await query.orderBy('ts').execute();
  return rows.map((r) => ({ broker: Number(r.broker), metric: r.metric as StoredMetric, topic: r.topic, ts: Number(r.ts), value: Number(r.value) }));
}
