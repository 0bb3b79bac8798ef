import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { expect } from 'vitest';
import type { BrokerMetricsResponse } from '@/lib/contracts/broker-metrics';
import { waitFor } from './api';
import { BOOTSTRAP, kcat } from './kcat';

/**
 * The oracle of the broker-metrics tests (JMX and PromQL sources): a produce load whose rise the
 * broker's own JMX exporter counts, and what a chart's series add up to after a boundary.
 */

// The local broker's JMX exporter, where scripts/kafka.mjs puts it: 9404 beside 9092, both moved by KAFKA_PORT_OFFSET.
const brokerPort = Number(BOOTSTRAP.split(',')[0]!.split(':')[1]);
export const EXPORTER = `127.0.0.1:${brokerPort - 9092 + 9404}`;

export interface ExporterCounters {
  brokerBytesIn: number;
  topicBytesIn: number;
  topicMessagesIn: number;
}

/** The broker's own counters, read straight from its exporter. */
export async function exporterCounters(topic: string): Promise<ExporterCounters> {
  const res = await fetch(`http://${EXPORTER}/metrics`).catch((err: Error) => {
    throw new Error(`the broker's JMX exporter at ${EXPORTER} does not answer (${err.message}); restart the cluster with npm run kafka:down && npm run kafka:up`);
  });
  const families = parsePrometheusTextFormat(await res.text());
  const value = (name: string, t?: string) => Number(families.find((f) => f.name === name)?.metrics.find((m) => (m.labels?.topic ?? undefined) === t)?.value ?? 0);
  return {
    brokerBytesIn: value('kafka_server_brokertopicmetrics_bytesin_total'),
    topicBytesIn: value('kafka_server_brokertopicmetrics_bytesin_total', topic),
    topicMessagesIn: value('kafka_server_brokertopicmetrics_messagesin_total', topic),
  };
}

/** What a series adds up to after boundary `after`: rate × step over its points, i.e. the counter's rise. */
export function riseAfter(r: BrokerMetricsResponse, pick: (s: BrokerMetricsResponse['series'][number]) => boolean, after: number): number | null {
  const s = r.series.find(pick);
  if (!s) return null;
  const pts = s.points.filter(([t]) => t > after);
  if (pts.length === 0 || pts.some(([, v]) => v === null)) return null;
  return pts.reduce((sum, [, v]) => sum + v! * r.stepSeconds, 0);
}

/** Writes `n` keyed messages of 10–210 B with kcat and waits for the exporter to count them all; the counters' rises. */
export async function produceCountedLoad(topic: string, n: number): Promise<{ brokerDelta: number; topicDelta: number }> {
  const before = await exporterCounters(topic);
  await kcat(['-P', '-t', topic, '-K', ':'], `${Array.from({ length: n }, (_, i) => `key-${i % 37}:value-${i}-${'x'.repeat(i % 200)}`).join('\n')}\n`);
  let after = await exporterCounters(topic);
  await waitFor(
    async () => {
      await new Promise((r) => setTimeout(r, 500));
      const again = await exporterCounters(topic);
      // every message counted, and the broker's byte counter has stopped moving
      const settled = again.topicMessagesIn === before.topicMessagesIn + n && again.brokerBytesIn === after.brokerBytesIn;
      after = again;
      return settled;
    },
    { what: 'the exporter to count every message', timeoutMs: 20_000 },
  );
  expect(after.topicMessagesIn - before.topicMessagesIn).toBe(n);
  const topicDelta = after.topicBytesIn - before.topicBytesIn;
  expect(topicDelta).toBeGreaterThan(n * 10);
  return { brokerDelta: after.brokerBytesIn - before.brokerBytesIn, topicDelta };
}
