import 'server-only';
import { riffleMetrics } from './riffle-metrics';

/**
 * Every metric of this process in Prometheus' text format, and its content type. Features
 * register their own metrics with the registry (the weather pipeline's counters: weather/status-reader.ts).
 */
export async function metricsText(): Promise<{ text: string; contentType: string }> {
  const { registry } = riffleMetrics();
  return { text: await registry.metrics(), contentType: registry.contentType };
}
