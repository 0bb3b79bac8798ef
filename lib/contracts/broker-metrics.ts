import { z } from 'zod';
import { topicName } from './topics';

/** Time ranges a metrics chart can show; the URL carries one (?range=1h). */
export const METRICS_RANGES = { '15m': 15 * 60_000, '1h': 60 * 60_000, '6h': 6 * 60 * 60_000, '24h': 24 * 60 * 60_000 } as const;
export const metricsRange = z.enum(['15m', '1h', '6h', '24h'], { error: 'range must be one of 15m, 1h, 6h, 24h' });
export type MetricsRange = z.infer<typeof metricsRange>;

/** What a chart draws. Rates are per second; latencies are the brokers' own 99th percentile in ms (their recent window). */
export const METRIC_KINDS = {
  bytesIn: { title: 'Bytes in', unit: 'B/s' },
  bytesOut: { title: 'Bytes out', unit: 'B/s' },
  messagesIn: { title: 'Messages in', unit: 'msg/s' },
  produceRequests: { title: 'Produce requests', unit: 'req/s' },
  fetchRequests: { title: 'Fetch requests (consumers)', unit: 'req/s' },
  produceLatency: { title: 'Produce latency (p99)', unit: 'ms' },
  fetchLatency: { title: 'Fetch latency (p99)', unit: 'ms' },
  underReplicated: { title: 'Under-replicated partitions', unit: 'partitions' },
  offlinePartitions: { title: 'Offline partitions', unit: 'partitions' },
  isrShrinks: { title: 'ISR shrinks', unit: 'shrinks/s' },
  isrExpands: { title: 'ISR expands', unit: 'expands/s' },
  activeController: { title: 'Active controller', unit: 'controllers' },
  controllerChanges: { title: 'Controller changes', unit: 'changes/s' },
  logFlushLatency: { title: 'Log flush time (p99)', unit: 'ms' },
} as const;
export type MetricKind = keyof typeof METRIC_KINDS;
export const metricKind = z.enum(Object.keys(METRIC_KINDS) as [MetricKind, ...MetricKind[]]);

export const brokerMetricsQuery = z
  .object({
    /** cluster: every broker's series; broker: one broker's (needs broker); topic: per-topic throughput (topic narrows to one). */
    scope: z.enum(['cluster', 'broker', 'topic'], { error: 'scope must be cluster, broker or topic' }).default('cluster'),
    range: metricsRange.default('1h'),
    broker: z.coerce.number({ error: 'broker must be a node id' }).int().min(0).optional(),
    topic: topicName.optional(),
  })
  .strict()
  .refine((q) => q.scope !== 'broker' || q.broker !== undefined, { message: 'scope=broker needs broker=<node id>', path: ['broker'] });
export type BrokerMetricsQuery = z.infer<typeof brokerMetricsQuery>;

export const metricPoint = z.tuple([z.number().describe('unix time, ms'), z.number().nullable()]);
export const metricSeries = z.object({
  metric: metricKind,
  unit: z.string(),
  /** "broker 1", a topic name, or "cluster" */
  label: z.string(),
  broker: z.number().int().optional(),
  topic: z.string().optional(),
  points: z.array(metricPoint),
});
export type MetricSeries = z.infer<typeof metricSeries>;

/** One place the console reads metrics from, and how that went last time. */
export const metricsSourceStatus = z.object({
  url: z.string(),
  broker: z.number().int().nullable(),
  ok: z.boolean(),
  error: z.string().nullable(),
  lastScrapeAt: z.string().nullable(),
});

export const brokerMetricsResponse = z.object({
  /** jmx: Riffle scrapes each broker's exporter and keeps the history; prometheus: asked with PromQL; none: not configured. */
  source: z.enum(['jmx', 'prometheus', 'none']),
  /** When source is none: how to configure it. */
  hint: z.string().nullable(),
  range: metricsRange,
  from: z.number(),
  to: z.number(),
  stepSeconds: z.number(),
  scrapeIntervalSeconds: z.number().nullable(),
  sources: z.array(metricsSourceStatus),
  series: z.array(metricSeries),
});
export type BrokerMetricsResponse = z.infer<typeof brokerMetricsResponse>;
