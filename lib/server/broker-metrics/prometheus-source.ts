import 'server-only';
import { z } from 'zod';
import type { BrokerMetricsQuery, MetricKind, MetricSeries } from '@/lib/contracts/broker-metrics';
import { unitOf } from './metric-series';

/**
 * metrics: { prometheus: url }: the same charts from a Prometheus server that scrapes the brokers'
 * JMX exporters with kafka/jmx-exporter.yaml's rules, asked with PromQL (query_range). Brokers
 * are told apart by the exporter's own broker_id (kafka_server_app_info_start_time_ms).
 */
/**
 * A counter's rise over each step, per second: the difference of its values at the step's two
 * ends (no rate() extrapolation), so the points times the step add up to exactly what the
 * brokers counted, as with the JMX source; a counter that fell (a broker restarted) is a gap.
 */
const rise = (metric: string, sel: string, stepS: number) => `((${metric}{${sel}} - ${metric}{${sel}} offset ${stepS}s) >= 0) / ${stepS}`;

function promql(kind: MetricKind, q: BrokerMetricsQuery, stepS: number): string {
  const topicSel = q.scope === 'topic' ? (q.topic ? `topic=${JSON.stringify(q.topic)}` : 'topic!=""') : 'topic=""';
  const by = q.scope === 'topic' ? 'topic' : 'instance';
  const expr: Record<MetricKind, string> = {
    bytesIn: rise('kafka_server_brokertopicmetrics_bytesin_total', topicSel, stepS),
    bytesOut: rise('kafka_server_brokertopicmetrics_bytesout_total', topicSel, stepS),
    messagesIn: rise('kafka_server_brokertopicmetrics_messagesin_total', topicSel, stepS),
    produceRequests: rise('kafka_network_requestmetrics_requests_total', 'request="Produce"', stepS),
    fetchRequests: rise('kafka_network_requestmetrics_requests_total', 'request="FetchConsumer"', stepS),
    produceLatency: 'kafka_network_requestmetrics_totaltimems_p99{request="Produce"}',
    fetchLatency: 'kafka_network_requestmetrics_totaltimems_p99{request="FetchConsumer"}',
    underReplicated: 'kafka_server_replicamanager_underreplicatedpartitions',
    offlinePartitions: 'kafka_controller_kafkacontroller_offlinepartitionscount',
    isrShrinks: rise('kafka_server_replicamanager_isrshrinks_total', '', stepS),
    isrExpands: rise('kafka_server_replicamanager_isrexpands_total', '', stepS),
    activeController: 'kafka_controller_kafkacontroller_activecontrollercount',
    controllerChanges: rise('kafka_server_raft_metrics_current_epoch', '', stepS),
    logFlushLatency: 'kafka_log_logflushstats_logflushtimems_p99',
  };
  const e = `sum by (${by}) (${expr[kind]})`;
  // name each instance by its broker id
  return q.scope === 'topic' ? e : `${e} * on (instance) group_left (broker_id) max by (instance, broker_id) (kafka_server_app_info_start_time_ms * 0 + 1)`;
}

const targets = z.object({ data: z.object({ activeTargets: z.array(z.object({ scrapeInterval: z.string().optional() })) }) });

/** Go durations as Prometheus writes them: 15s, 1m, 1m30s, 500ms. */
function durationMs(d: string): number | null {
  let ms = 0;
  const re = /(\d+)(ms|s|m|h)/g;
  let m: RegExpExecArray | null;
  let seen = '';
  while ((m = re.exec(d))) {
    ms += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    seen += m[0];
  }
  return seen === d && ms > 0 ? ms : null;
}

/** The longest scrape interval of the server's targets (a step never finer than two scrapes); 15 s, Prometheus' default, when it won't say. */
export async function prometheusScrapeIntervalMs(base: string): Promise<number> {
  try {
    const res = await fetch(new URL('/api/v1/targets?state=active', base), { signal: AbortSignal.timeout(5_000) });
    const intervals = targets.parse(await res.json()).data.activeTargets.map((t) => (t.scrapeInterval ? durationMs(t.scrapeInterval) : null)).filter((n): n is number => n !== null);
    return intervals.length ? Math.max(...intervals) : 15_000;
  } catch {
    return 15_000;
  }
}

const matrix = z.object({
  status: z.literal('success'),
  data: z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(z.tuple([z.number(), z.string()])) })) }),
});

export async function prometheusSeries(
  base: string,
  q: BrokerMetricsQuery,
  kinds: MetricKind[],
  from: number,
  to: number,
  stepMs: number,
): Promise<{ series: MetricSeries[]; status: { url: string; broker: null; ok: boolean; error: string | null; lastScrapeAt: string | null } }> {
  const series: MetricSeries[] = [];
  const url = new URL('/api/v1/query_range', base).toString();
  // evaluated on the step boundaries themselves (multiples of the step), like the JMX source's points
  const first = Math.ceil(from / stepMs) * stepMs;
  try {
    for (const kind of kinds) {
      let query = promql(kind, q, stepMs / 1000);
      if (q.scope === 'broker' && q.broker !== undefined) query = `(${query}) and on (broker_id) (kafka_server_app_info_start_time_ms{broker_id="${q.broker}"})`;
      const params = new URLSearchParams({ query, start: String(first / 1000), end: String(to / 1000), step: String(stepMs / 1000) });
      const res = await fetch(`${url}?${params}`, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`Prometheus answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
      const body = matrix.parse(await res.json());
      for (const r of body.data.result) {
        const byTs = new Map(r.values.map(([t, v]) => [Math.round(t * 1000), Number(v)]));
        const points: [number, number | null][] = [];
        for (let b = first; b <= to; b += stepMs) points.push([b, byTs.get(b) ?? null]);
        const broker = r.metric.broker_id !== undefined ? Number(r.metric.broker_id) : undefined;
        const topic = r.metric.topic;
        series.push({ metric: kind, unit: unitOf(kind), label: topic ?? (broker !== undefined ? `broker ${broker}` : (r.metric.instance ?? 'cluster')), ...(broker !== undefined ? { broker } : {}), ...(topic ? { topic } : {}), points });
      }
    }
    return { series, status: { url: base, broker: null, ok: true, error: null, lastScrapeAt: new Date().toISOString() } };
  } catch (err) {
    // fetch's own message is "fetch failed"; the reason is its cause's code (ECONNREFUSED, …)
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const reason = e.cause?.code ?? e.cause?.message ?? e.message;
    return { series: [], status: { url: base, broker: null, ok: false, error: reason, lastScrapeAt: null } };
  }
}
