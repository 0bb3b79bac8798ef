import 'server-only';
import { z } from 'zod';
import type { BrokerMetricsQuery, MetricKind, MetricSeries } from '@/lib/contracts/broker-metrics';
import { unitOf } from './metric-series';

/**
 * metrics: { prometheus: url }: the same charts from a Prometheus server that scrapes the brokers'
 * JMX exporters with kafka/jmx-exporter.yaml's rules, asked with PromQL (query_range). Brokers
 * are told apart by the exporter's own broker_id (kafka_server_app_info_start_time_ms).
 */
const RATE = (metric: string, sel: string) => `rate(${metric}{${sel}}[1m])`;

function promql(kind: MetricKind, q: BrokerMetricsQuery): string {
  const topicSel = q.scope === 'topic' ? (q.topic ? `topic=${JSON.stringify(q.topic)}` : 'topic!=""') : 'topic=""';
  const by = q.scope === 'topic' ? 'topic' : 'instance';
  const expr: Record<MetricKind, string> = {
    bytesIn: RATE('kafka_server_brokertopicmetrics_bytesin_total', topicSel),
    bytesOut: RATE('kafka_server_brokertopicmetrics_bytesout_total', topicSel),
    messagesIn: RATE('kafka_server_brokertopicmetrics_messagesin_total', topicSel),
    produceRequests: RATE('kafka_network_requestmetrics_requests_total', 'request="Produce"'),
    fetchRequests: RATE('kafka_network_requestmetrics_requests_total', 'request="FetchConsumer"'),
    produceLatency: 'kafka_network_requestmetrics_totaltimems_p99{request="Produce"}',
    fetchLatency: 'kafka_network_requestmetrics_totaltimems_p99{request="FetchConsumer"}',
    underReplicated: 'kafka_server_replicamanager_underreplicatedpartitions',
    offlinePartitions: 'kafka_controller_kafkacontroller_offlinepartitionscount',
    isrShrinks: RATE('kafka_server_replicamanager_isrshrinks_total', ''),
    isrExpands: RATE('kafka_server_replicamanager_isrexpands_total', ''),
    activeController: 'kafka_controller_kafkacontroller_activecontrollercount',
    controllerChanges: 'deriv(kafka_server_raft_metrics_current_epoch[1m])',
    logFlushLatency: 'kafka_log_logflushstats_logflushtimems_p99',
  };
  const e = `sum by (${by}) (${expr[kind]})`;
  // name each instance by its broker id
  return q.scope === 'topic' ? e : `${e} * on (instance) group_left (broker_id) max by (instance, broker_id) (kafka_server_app_info_start_time_ms * 0 + 1)`;
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
  try {
    for (const kind of kinds) {
      let query = promql(kind, q);
      if (q.scope === 'broker' && q.broker !== undefined) query = `(${query}) and on (broker_id) (kafka_server_app_info_start_time_ms{broker_id="${q.broker}"})`;
      const params = new URLSearchParams({ query, start: String(from / 1000), end: String(to / 1000), step: String(stepMs / 1000) });
      const res = await fetch(`${url}?${params}`, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`Prometheus answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
      const body = matrix.parse(await res.json());
      for (const r of body.data.result) {
        const byTs = new Map(r.values.map(([t, v]) => [Math.round(t * 1000), Number(v)]));
        const points: [number, number | null][] = [];
        for (let b = Math.ceil(from / stepMs) * stepMs; b <= to; b += stepMs) points.push([b, byTs.get(b) ?? null]);
        const broker = r.metric.broker_id !== undefined ? Number(r.metric.broker_id) : undefined;
        const topic = r.metric.topic;
        series.push({ metric: kind, unit: unitOf(kind), label: topic ?? (broker !== undefined ? `broker ${broker}` : (r.metric.instance ?? 'cluster')), ...(broker !== undefined ? { broker } : {}), ...(topic ? { topic } : {}), points });
      }
    }
    return { series, status: { url: base, broker: null, ok: true, error: null, lastScrapeAt: new Date().toISOString() } };
  } catch (err) {
    return { series: [], status: { url: base, broker: null, ok: false, error: (err as Error).message, lastScrapeAt: null } };
  }
}
