import 'server-only';
import { listClusterConfigs } from '../clusters';
import { database, type DbHandle } from '../db/db';
import { riffleMetrics } from '../observability/riffle-metrics';
import { readExporter } from './exporter-samples';
import { recordScrape, thinHistory } from './metric-store';
import { singleton } from '../singleton';

/**
 * Scrapes each cluster's JMX exporters (metrics.prometheusJmx) every RIFFLE_METRICS_SCRAPE_MS
 * (default 10 s) into the database, on time buckets shared by every console instance. One slow
 * or dead exporter holds up nothing: each URL is fetched on its own with a timeout, and its last
 * outcome is kept for the charts to show.
 */
export interface SourceStatus {
  url: string;
  broker: number | null;
  ok: boolean;
  error: string | null;
  lastScrapeAt: string | null;
}

const FETCH_TIMEOUT_MS = 3_000;
const THIN_EVERY = 30;

export function scrapeIntervalMs(): number {
  const raw = Number(process.env.RIFFLE_METRICS_SCRAPE_MS ?? 10_000);
  return Number.isFinite(raw) && raw >= 500 ? raw : 10_000;
}

const g = singleton('riffle:broker-metrics/jmx-scraper', (): { riffleJmxScrapers?: Map<string, Map<string, SourceStatus>>; riffleJmxStarted?: boolean } => ({}));
const statuses: Map<string, Map<string, SourceStatus>> = (g.riffleJmxScrapers ??= new Map());

/** Each exporter's last outcome for a cluster (empty until the first scrape). */
export function sourceStatuses(cluster: string, urls: string[]): SourceStatus[] {
  const known = statuses.get(cluster);
  return urls.map((url) => known?.get(url) ?? { url, broker: null, ok: false, error: 'not scraped yet', lastScrapeAt: null });
}

async function scrapeOne(h: DbHandle, cluster: string, url: string, index: number, bucket: number): Promise<void> {
  const byUrl = statuses.get(cluster)!;
  const previous = byUrl.get(url);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'text/plain' } });
    if (!res.ok) throw new Error(`HTTP ${res.status} from the exporter`);
    const { brokerId, samples } = readExporter(await res.text());
    if (samples.length === 0) throw new Error('the exporter answered without any Kafka metric (is it the JMX exporter with kafka/jmx-exporter.yaml rules?)');
    // an exporter that doesn't say its broker is filed under its place in the list
    const broker = brokerId ?? previous?.broker ?? index + 1;
    await recordScrape(h, cluster, broker, bucket, samples);
    byUrl.set(url, { url, broker, ok: true, error: null, lastScrapeAt: new Date().toISOString() });
    riffleMetrics().brokerScrapes.inc({ cluster, outcome: 'ok' });
  } catch (err) {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, a DNS failure, a blocked port) is its cause
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const reason = e.name === 'TimeoutError' ? `no answer within ${FETCH_TIMEOUT_MS / 1000} s` : e.cause?.code ? `${e.cause.code} (${e.cause.message ?? e.message})` : e.cause?.message ? `${e.message}: ${e.cause.message}` : e.message;
    byUrl.set(url, { url, broker: previous?.broker ?? null, ok: false, error: reason, lastScrapeAt: previous?.lastScrapeAt ?? null });
    riffleMetrics().brokerScrapes.inc({ cluster, outcome: 'error' });
  }
}

/** Starts one scrape loop per cluster with prometheusJmx (once per process). */
export async function startJmxScrapers(): Promise<void> {
  if (g.riffleJmxStarted) return;
  g.riffleJmxStarted = true;
  const clusters = listClusterConfigs().filter((c) => c.metrics?.prometheusJmx);
  if (clusters.length === 0) return;
  let h: DbHandle;
  try {
    h = await database();
  } catch (err) {
    console.error(`[riffle] broker metrics off: the database cannot be opened: ${(err as Error).message}`);
    return;
  }
  const interval = scrapeIntervalMs();
  for (const c of clusters) {
    const urls = c.metrics!.prometheusJmx!;
    statuses.set(c.id, new Map());
    let cycles = 0;
    let running = false;
    const tick = async (bucket: number) => {
      if (running) return; // a scrape slower than the interval skips a bucket rather than pile up
      running = true;
      try {
        await Promise.all(urls.map((url, i) => scrapeOne(h, c.id, url, i, bucket)));
        if (cycles++ % THIN_EVERY === 0) await thinHistory(h, c.id, Date.now());
      } catch (err) {
        console.warn(`[riffle] broker metrics (${c.id}): ${(err as Error).message}`);
      } finally {
        running = false;
      }
    };
    const schedule = () => {
      const now = Date.now();
      const next = Math.ceil((now + 1) / interval) * interval;
      const t = setTimeout(() => {
        void tick(next);
        schedule();
      }, next - now);
      t.unref();
    };
    schedule();
    console.log(`[riffle] broker metrics (${c.id}): scraping ${urls.join(', ')} every ${interval} ms`);
  }
}
