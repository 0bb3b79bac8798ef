import parsePrometheusTextFormat, { type PromFamily } from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { api, rawFetch } from '../helpers/api';

/** GET /api/metrics, parsed by an independent Prometheus text-format parser. */
async function scrape(): Promise<PromFamily[] & { text: string }> {
  const res = await rawFetch('/api/metrics', {}, 'none');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  return Object.assign(parsePrometheusTextFormat(text), { text });
}

/**
 * A histogram's _count for one label set. parse-prometheus-text-format folds a histogram with
 * labels besides `le` into one unlabelled group (prom2json's shape), so its line is read as is.
 */
function histogramCount(scraped: { text: string }, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of scraped.text.split('\n')) {
    const m = /^(\w+)\{(.*)\} (\S+)$/.exec(line); // label values hold braces: route="/api/clusters/{cluster}"
    if (m && m[1] === `${name}_count` && want.every((w) => m[2]!.split(',').includes(w))) return Number(m[3]);
  }
  return 0;
}

function sample(families: PromFamily[], name: string, labels: Record<string, string>): number {
  const family = families.find((f) => f.name === name);
  const s = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  if (!s) return 0;
  return Number(s.value ?? s.count);
}

describe('GET /api/metrics', () => {
  it('parses as Prometheus text and carries every family the console promises', async () => {
    const families = await scrape();
    const names = new Set(families.map((f) => f.name));
    for (const n of [
      'riffle_http_requests_total',
      'riffle_http_request_duration_seconds',
      'riffle_sse_open_streams',
      'riffle_sse_dropped_events_total',
      'riffle_kafka_requests_total',
      'riffle_kafka_request_errors_total',
      'riffle_kafka_request_duration_seconds',
      'riffle_lag_sampler_cycle_seconds',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(names, n).toContain(n);
    }
    expect(families.find((f) => f.name === 'riffle_http_request_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(sample(families, 'process_resident_memory_bytes', {})).toBeGreaterThan(10 * 1024 * 1024);
  });

  it('counts requests by route and status exactly as they were made, with their latencies', async () => {
    const route = { method: 'GET', route: '/api/clusters/{cluster}/brokers/{broker}' };
    const before = await scrape();
    const ok0 = sample(before, 'riffle_http_requests_total', { ...route, status: '200' });
    const missing0 = sample(before, 'riffle_http_requests_total', { ...route, status: '404' });
    const hist0 = histogramCount(before, 'riffle_http_request_duration_seconds', route);
    const okCalls = 3;
    const missingCalls = 2;
    for (let i = 0; i < okCalls; i++) expect((await api('GET', '/api/clusters/local/brokers/1')).status).toBe(200);
    for (let i = 0; i < missingCalls; i++) expect((await api('GET', '/api/clusters/local/brokers/987654')).status).toBe(404);
    const after = await scrape();
    expect(sample(after, 'riffle_http_requests_total', { ...route, status: '200' }) - ok0).toBe(okCalls);
    expect(sample(after, 'riffle_http_requests_total', { ...route, status: '404' }) - missing0).toBe(missingCalls);
    expect(histogramCount(after, 'riffle_http_request_duration_seconds', route) - hist0).toBe(okCalls + missingCalls);
  });

  it('counts the Kafka requests the console sends, by API', async () => {
    const before = await scrape();
    const md0 = sample(before, 'riffle_kafka_requests_total', { api: 'Metadata' });
    expect((await api('GET', '/api/clusters/local/topics')).status).toBe(200);
    const after = await scrape();
    expect(sample(after, 'riffle_kafka_requests_total', { api: 'Metadata' })).toBeGreaterThan(md0);
  });

  it('counts an open live stream while it is open', async () => {
    const gauge = async () => sample(await scrape(), 'riffle_sse_open_streams', { kind: 'live' });
    const topic = `metrics-sse-${Date.now()}`;
    expect((await api('POST', '/api/clusters/local/topics', { name: topic, partitions: 1, replicationFactor: 1 })).status).toBe(201);
    const open0 = await gauge();
    const ctrl = new AbortController();
    const res = await rawFetch(`/api/clusters/local/topics/${topic}/live?from=latest`, { signal: ctrl.signal });
    expect(res.status).toBe(200);
    expect(await gauge()).toBe(open0 + 1);
    ctrl.abort();
    await res.body?.cancel().catch(() => {});
    let now = await gauge();
    for (let i = 0; i < 40 && now !== open0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      now = await gauge();
    }
    expect(now).toBe(open0);
    await api('DELETE', `/api/clusters/local/topics/${topic}`);
  });

  it('refuses a client that a proxy on this machine relays from elsewhere (the whole decision: metrics-access.test.ts)', async () => {
    // This test server listens on loopback; a request forwarded for a public address is still refused.
    const res = await rawFetch('/api/metrics', { headers: { 'x-forwarded-for': '203.0.113.7' } }, 'none');
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('FORBIDDEN');
    expect(body.error.message).toMatch(/RIFFLE_METRICS_TOKEN/);
  });
});
