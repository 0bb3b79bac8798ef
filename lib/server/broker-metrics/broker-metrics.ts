import 'server-only';
import { brokerMetricsQuery, METRICS_RANGES, type BrokerMetricsResponse, type MetricKind, type MetricSeries } from '@/lib/contracts/broker-metrics';
import { clusterConfig } from '../clusters';
import { database } from '../db/db';
import { scrapeIntervalMs, sourceStatuses } from './jmx-scraper';
import { readSamples, type SampleRow } from './metric-store';
import { COUNTERS, seriesPoints, stepFor, storedFor, sumPoints, unitOf } from './metric-series';
import { prometheusScrapeIntervalMs, prometheusSeries } from './prometheus-source';

/** The charts of the overview and broker pages (broker-wide), and of topics (per topic). */
export const BROKER_KINDS: MetricKind[] = ['bytesIn', 'bytesOut', 'messagesIn', 'produceRequests', 'fetchRequests', 'produceLatency', 'fetchLatency', 'underReplicated', 'offlinePartitions', 'isrShrinks', 'isrExpands', 'activeController', 'controllerChanges', 'logFlushLatency'];
export const TOPIC_KINDS: MetricKind[] = ['bytesIn', 'bytesOut', 'messagesIn'];
/** Topics shown when none is named: the busiest, so a cluster of thousands still draws. */
const TOP_TOPICS = 10;

export const NO_METRICS_HINT =
  'No metrics configured for this cluster. Give it `metrics: { prometheusJmx: [http://broker-host:9404/metrics, …] }` (the Prometheus JMX exporter agent on each broker, with the rules in kafka/jmx-exporter.yaml; `npm run kafka:up` starts them for the local cluster) or `metrics: { prometheus: http://prometheus:9090 }` in RIFFLE_CLUSTERS; for the default cluster, KAFKA_METRICS_JMX or KAFKA_METRICS_PROMETHEUS.';

export async function getBrokerMetrics(clusterId: string, raw: Record<string, string>, now = Date.now()): Promise<BrokerMetricsResponse> {
  const q = brokerMetricsQuery.parse(raw);
  const cluster = clusterConfig(clusterId);
  const rangeMs = METRICS_RANGES[q.range];
  const to = now;
  const from = now - rangeMs;
  const kinds = q.scope === 'topic' ? TOPIC_KINDS : BROKER_KINDS;
  if (!cluster.metrics) {
    return { source: 'none', hint: NO_METRICS_HINT, range: q.range, from, to, stepSeconds: 0, scrapeIntervalSeconds: null, sources: [], series: [] };
  }
  if (cluster.metrics.prometheus) {
    const interval = await prometheusScrapeIntervalMs(cluster.metrics.prometheus);
    const stepMs = stepFor(rangeMs, interval);
    const { series, status } = await prometheusSeries(cluster.metrics.prometheus, q, kinds, from, to, stepMs);
    return { source: 'prometheus', hint: null, range: q.range, from, to, stepSeconds: stepMs / 1000, scrapeIntervalSeconds: interval / 1000, sources: [status], series };
  }
  const urls = cluster.metrics.prometheusJmx!;
  const interval = scrapeIntervalMs();
  const stepMs = stepFor(rangeMs, interval);
  const h = await database();
  // one step before the range, so the first point has a previous value to take a rate from
  const rows = await readSamples(h, {
    cluster: clusterId,
    from: from - 2 * stepMs,
    to,
    metrics: [...new Set(kinds.map(storedFor))],
    broker: q.scope === 'broker' ? q.broker : undefined,
    topics: q.scope === 'topic' ? 'per-topic' : 'broker-wide',
    topic: q.topic,
  });
  const series = q.scope === 'topic' ? topicSeries(rows, kinds, from, to, stepMs, q.topic) : brokerSeries(rows, kinds, from, to, stepMs);
  return { source: 'jmx', hint: null, range: q.range, from, to, stepSeconds: stepMs / 1000, scrapeIntervalSeconds: interval / 1000, sources: sourceStatuses(clusterId, urls), series };
}

function groupBy<K>(rows: SampleRow[], key: (r: SampleRow) => K): Map<K, SampleRow[]> {
  const out = new Map<K, SampleRow[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** One series per broker and metric. */
function brokerSeries(rows: SampleRow[], kinds: MetricKind[], from: number, to: number, stepMs: number): MetricSeries[] {
  const byBrokerMetric = groupBy(rows, (r) => `${r.broker}\u0000${r.metric}`);
  const brokers = [...new Set(rows.map((r) => r.broker))].sort((a, b) => a - b);
  const out: MetricSeries[] = [];
  for (const kind of kinds) {
    const stored = storedFor(kind);
    for (const broker of brokers) {
      const samples = byBrokerMetric.get(`${broker}\u0000${stored}`);
      if (!samples) continue;
      out.push({ metric: kind, unit: unitOf(kind), label: `broker ${broker}`, broker, points: seriesPoints(samples, COUNTERS.has(stored), from, to, stepMs) });
    }
  }
  return out;
}

/** Per topic, summed over the brokers leading its partitions; with a topic named, also per broker. */
function topicSeries(rows: SampleRow[], kinds: MetricKind[], from: number, to: number, stepMs: number, topic?: string): MetricSeries[] {
  const out: MetricSeries[] = [];
  const byTopic = groupBy(rows, (r) => r.topic);
  const volume = (t: string) => {
    const s = byTopic.get(t)!.filter((r) => r.metric === 'bytesIn');
    return s.length ? Math.max(...s.map((r) => r.value)) - Math.min(...s.map((r) => r.value)) : 0;
  };
  const topics = topic !== undefined ? [topic].filter((t) => byTopic.has(t)) : [...byTopic.keys()].sort((a, b) => volume(b) - volume(a) || a.localeCompare(b)).slice(0, TOP_TOPICS);
  for (const kind of kinds) {
    for (const t of topics) {
      const perBroker = groupBy(
        byTopic.get(t)!.filter((r) => r.metric === kind),
        (r) => r.broker,
      );
      const brokerPoints = [...perBroker.entries()].sort(([a], [b]) => a - b).map(([broker, samples]) => ({ broker, points: seriesPoints(samples, true, from, to, stepMs) }));
      if (brokerPoints.length === 0) continue;
      out.push({ metric: kind, unit: unitOf(kind), label: t, topic: t, points: sumPoints(brokerPoints.map((b) => b.points)) });
      if (topic !== undefined) {
        for (const b of brokerPoints) out.push({ metric: kind, unit: unitOf(kind), label: `broker ${b.broker}`, topic: t, broker: b.broker, points: b.points });
      }
    }
  }
  return out;
}
