import 'server-only';
import { Gauge } from 'prom-client';
import { reportedStatuses } from '../weather/status-reader';
import { riffleMetrics } from './riffle-metrics';

const g = globalThis as unknown as { rifflePipelineGauge?: boolean };

/**
 * The weather pipeline runs in processes of its own and reports its counters on its control
 * topic; the console shows what its status readers last saw. Reported only while a reader runs
 * (someone opened the pipeline page within the last minute): a scrape never starts a consumer.
 */
function registerPipelineCounters(): void {
  if (g.rifflePipelineGauge) return;
  g.rifflePipelineGauge = true;
  new Gauge({
    name: 'riffle_pipeline_process_counter',
    help: 'Counters the weather pipeline processes last reported on their control topic (records read, written, to the DLQ, …)',
    labelNames: ['cluster', 'control_topic', 'role', 'instance', 'counter'] as const,
    registers: [riffleMetrics().registry],
    collect() {
      this.reset();
      for (const { cluster, topic, status } of reportedStatuses()) {
        for (const [counter, value] of Object.entries(status.counters)) {
          this.set({ cluster, control_topic: topic, role: status.role, instance: status.instance, counter }, value);
        }
      }
    },
  });
}

/** Every metric of this process in Prometheus' text format, and its content type. */
export async function metricsText(): Promise<{ text: string; contentType: string }> {
  registerPipelineCounters();
  const { registry } = riffleMetrics();
  return { text: await registry.metrics(), contentType: registry.contentType };
}
