import { describe, expect, it } from 'vitest';
import { brokerMetricsResponse, type BrokerMetricsResponse } from '@/lib/contracts/broker-metrics';
import { api, waitFor } from '../helpers/api';
import { EXPORTER, exporterCounters, produceCountedLoad, riseAfter } from '../helpers/broker-load';
import { kcat } from '../helpers/kcat';

async function metrics(query: string, cluster = 'local'): Promise<BrokerMetricsResponse> {
  const res = await api('GET', `/api/clusters/${cluster}/metrics?${query}`);
  expect(res.status).toBe(200);
  return brokerMetricsResponse.parse(res.body);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('broker metrics from the JMX exporter', () => {
  it('charts exactly the bytes and messages the broker counted under a produce load', async () => {
    const topic = `metrics-load-${Date.now()}`;
    expect((await api('POST', '/api/clusters/local/topics', { name: topic, partitions: 3, replicationFactor: 1 })).status).toBe(201);
    try {
      // one message first: a broker makes a topic's counters at its first append, and a rate needs a value before the load
      await kcat(['-P', '-t', topic], 'warm-up\n');
      await waitFor(async () => (await exporterCounters(topic)).topicMessagesIn === 1, { what: 'the exporter to count the first message' });
      const first = await metrics('range=15m');
      expect(first.source).toBe('jmx');
      const step = first.stepSeconds * 1000;
      const interval = first.scrapeIntervalSeconds! * 1000;
      // a boundary whose whole step lies after now: the console's value there is the counter before the load
      const boundary = Math.ceil((Date.now() + interval) / step) * step + step;
      while (Date.now() < boundary + interval) await sleep(200);
      const N = 2_000;
      const { brokerDelta, topicDelta } = await produceCountedLoad(topic, N);

      // within one scrape (and the step it lands in) the charts add up to the same rises
      const settledAt = Date.now();
      const seen = await waitFor(
        async () => {
          const cluster = await metrics('range=15m');
          const perTopic = await metrics(`scope=topic&range=15m&topic=${topic}`);
          const b = riseAfter(cluster, (s) => s.metric === 'bytesIn' && s.broker === 1, boundary);
          const t = riseAfter(perTopic, (s) => s.metric === 'bytesIn' && s.topic === topic && s.broker === undefined, boundary);
          const m = riseAfter(perTopic, (s) => s.metric === 'messagesIn' && s.topic === topic && s.broker === undefined, boundary);
          return b !== null && Math.abs(b - brokerDelta) < 1e-6 * brokerDelta && t !== null && Math.abs(t - topicDelta) < 1e-6 && m !== null && Math.abs(m - N) < 1e-6 ? { b, t, m } : null;
        },
        { what: `the charts to show ${brokerDelta} B into broker 1 and ${N} messages into ${topic}`, timeoutMs: step + 2 * interval + 5_000, intervalMs: 500 },
      );
      expect(seen.b).toBeCloseTo(brokerDelta, 3);
      expect(seen.t).toBeCloseTo(topicDelta, 3);
      expect(seen.m).toBeCloseTo(N, 6);
      expect(Date.now() - settledAt).toBeLessThanOrEqual(step + 2 * interval + 5_000);
    } finally {
      await api('DELETE', `/api/clusters/local/topics/${topic}`);
    }
  });

  it('shows every chart family for the broker, and where the numbers come from', async () => {
    // a consumer's fetches, so the broker has counted FetchConsumer requests at least once
    await kcat(['-C', '-t', '__consumer_offsets', '-e', '-q', '-c', '1']);
    const r = await waitFor(async () => {
      const m = await metrics('scope=broker&broker=1&range=1h');
      return m.series.some((s) => s.metric === 'fetchRequests') ? m : null;
    }, { what: 'the fetch request series' });
    expect(r.sources).toEqual([expect.objectContaining({ url: `http://${EXPORTER}/metrics`, broker: 1, ok: true, error: null })]);
    const kinds = new Set(r.series.map((s) => s.metric));
    for (const k of ['bytesIn', 'bytesOut', 'messagesIn', 'produceRequests', 'fetchRequests', 'produceLatency', 'underReplicated', 'offlinePartitions', 'isrShrinks', 'isrExpands', 'activeController', 'controllerChanges', 'logFlushLatency']) {
      expect(kinds, k).toContain(k);
    }
    const active = r.series.find((s) => s.metric === 'activeController')!;
    expect(active.points.filter(([, v]) => v !== null).at(-1)![1]).toBe(1);
  });

  it('degrades only the charts of an exporter that is down, saying why', async () => {
    const r = await metrics('range=15m', 'local-ro');
    expect(r.source).toBe('jmx');
    expect(r.series).toEqual([]);
    expect(r.sources).toHaveLength(1);
    expect(r.sources[0]!.ok).toBe(false);
    expect(r.sources[0]!.url).toBe('http://127.0.0.1:2/metrics');
    expect(r.sources[0]!.error).toMatch(/^ECONNREFUSED|^not scraped yet$/);
  });

  it('answers a bad range or scope with a 400 naming the field', async () => {
    for (const [q, field] of [
      ['range=2d', 'range'],
      ['scope=galaxy', 'scope'],
      ['scope=broker', 'broker'],
      ['broker=abc&scope=broker', 'broker'],
      ['colour=red', ''],
    ] as const) {
      const res = await api<{ error: { code: string; field?: string; message: string } }>('GET', `/api/clusters/local/metrics?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      if (field) expect(res.body.error.field).toBe(field);
    }
  });
});
