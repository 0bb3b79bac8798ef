import 'server-only';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { singleton } from '../singleton';

/**
 * Riffle's own metrics, served as Prometheus text by GET /api/metrics. One registry per process,
 * a singleton: Next loads route modules in several bundles, and each would otherwise count
 * into a registry of its own and the endpoint would show only its bundle's share.
 */
function create() {
  const registry = new Registry();
  // process_resident_memory_bytes, nodejs_heap_size_used_bytes, event-loop lag, GC, handles.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'riffle_http_requests_total',
      help: 'API requests answered, by method, route template and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: 'riffle_http_request_duration_seconds',
      help: 'Time from request to response headers (a stream counts until it starts), by method and route template',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    sseOpen: new Gauge({
      name: 'riffle_sse_open_streams',
      help: 'Streams open now, by kind (live = message tails, weather = new readings, search = whole-topic searches)',
      labelNames: ['kind'] as const,
      registers,
    }),
    sseDropped: new Counter({
      name: 'riffle_sse_dropped_events_total',
      help: 'Messages dropped for slow stream clients (each client is told how many in an event: dropped)',
      labelNames: ['kind'] as const,
      registers,
    }),
    kafkaRequests: new Counter({
      name: 'riffle_kafka_requests_total',
      help: 'Kafka protocol requests sent by this server, by API',
      labelNames: ['api'] as const,
      registers,
    }),
    kafkaErrors: new Counter({
      name: 'riffle_kafka_request_errors_total',
      help: 'Kafka requests that failed (network, timeout, or an error in the answer), by API and error code',
      labelNames: ['api', 'code'] as const,
      registers,
    }),
    kafkaDuration: new Histogram({
      name: 'riffle_kafka_request_duration_seconds',
      help: 'Kafka request round trip (long-poll fetches included), by API',
      labelNames: ['api'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    lagCycle: new Histogram({
      name: 'riffle_lag_sampler_cycle_seconds',
      help: 'One consumer-lag sampling cycle, database write included, by cluster',
      labelNames: ['cluster'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    searchScanned: new Counter({
      name: 'riffle_message_search_scanned_total',
      help: 'Messages read by whole-topic searches (GET …/search); it stops growing when a search ends or is cancelled',
      registers,
    }),
    brokerScrapes: new Counter({
      name: 'riffle_broker_metrics_scrapes_total',
      help: 'Scrapes of broker JMX exporters, by cluster and outcome',
      labelNames: ['cluster', 'outcome'] as const,
      registers,
    }),
  };
}

export type RiffleMetrics = ReturnType<typeof create>;

export function riffleMetrics(): RiffleMetrics {
  return singleton('riffle:observability/riffle-metrics', create);
}

/**
 * Counts a stream as open until the returned function is first called; `release` (the caller's
 * stream-slot release) runs with it, so the gauge and the slot can't disagree.
 */
export function trackOpenStream(kind: 'live' | 'weather' | 'search', release: () => void = () => {}): () => void {
  const gauge = riffleMetrics().sseOpen;
  gauge.inc({ kind });
  let done = false;
  return () => {
    if (done) return;
    done = true;
    gauge.dec({ kind });
    release();
  };
}
