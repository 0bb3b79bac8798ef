import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerMetricsResponse, type BrokerMetricsResponse } from '@/lib/contracts/broker-metrics';
import { api, apiAt, waitFor } from '../helpers/api';
import { EXPORTER, exporterCounters, produceCountedLoad, riseAfter } from '../helpers/broker-load';
import { BOOTSTRAP, kcat } from '../helpers/kcat';

// @ts-expect-error plain ESM script without types
import * as lib from '../../scripts/lib.mjs';

/**
 * `metrics: { prometheus: url }` against a real Prometheus server (Debian's `prometheus`,
 * installed by .ci/run) that scrapes the local broker's JMX exporter every second; a console
 * of this test's own reads the charts from it with PromQL. The oracle is the exporter itself.
 */
const PROMETHEUS = process.env.PROMETHEUS_BIN ?? 'prometheus';

let prometheus: ChildProcess | undefined;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let console_: any;
let promUrl = '';
let consoleUrl = '';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riffle-prometheus-'));

beforeAll(async () => {
  if (spawnSync(PROMETHEUS, ['--version']).status !== 0) {
    throw new Error(`no Prometheus server here (${PROMETHEUS}): apt-get install prometheus (.ci/run installs it), or set PROMETHEUS_BIN`);
  }
  const promPort = await lib.freePort();
  promUrl = `http://127.0.0.1:${promPort}`;
  fs.writeFileSync(
    path.join(dir, 'prometheus.yml'),
    `global: { scrape_interval: 1s, scrape_timeout: 1s }\nscrape_configs:\n  - job_name: kafka\n    static_configs: [{ targets: ['${EXPORTER}'] }]\n`,
  );
  prometheus = spawn(PROMETHEUS, [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`], {
    stdio: ['ignore', fs.openSync(path.join(dir, 'prometheus.log'), 'a'), fs.openSync(path.join(dir, 'prometheus.log'), 'a')],
  });
  // ready, and holding the broker's id from its exporter
  await waitFor(
    async () => {
      const res = await fetch(`${promUrl}/api/v1/query?query=kafka_server_app_info_start_time_ms`).catch(() => null);
      const body = res?.ok ? ((await res.json()) as { data: { result: { metric: Record<string, string> }[] } }) : null;
      return body?.data.result.some((r) => r.metric.broker_id === '1');
    },
    { what: `Prometheus at ${promUrl} to scrape the exporter at ${EXPORTER} (log: ${dir}/prometheus.log)`, timeoutMs: 30_000 },
  );
  const clusters = path.join(dir, 'clusters.yaml');
  fs.writeFileSync(clusters, `clusters:\n  - id: local\n    brokers: ${BOOTSTRAP.split(',')[0]}\n    metrics: { prometheus: "${promUrl}" }\n  - id: prom-down\n    brokers: ${BOOTSTRAP.split(',')[0]}\n    metrics: { prometheus: "http://127.0.0.1:2" }\n`);
  const port = await lib.freePort();
  consoleUrl = `http://127.0.0.1:${port}`;
  console_ = await lib.startServer({ port, env: { ...lib.testServerEnv(), RIFFLE_CLUSTERS: clusters, RIFFLE_LAG_SAMPLE_MS: '0' }, logFile: path.join(dir, 'console.log') });
}, 120_000);

afterAll(async () => {
  await lib.stopProcess(console_);
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((r) => prometheus!.once('exit', r));
    prometheus.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

async function metrics(query: string, cluster = 'local'): Promise<BrokerMetricsResponse> {
  const res = await apiAt(consoleUrl, 'GET', `/api/clusters/${cluster}/metrics?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return brokerMetricsResponse.parse(res.body);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('broker metrics from a Prometheus server (PromQL)', () => {
  it('charts exactly the bytes and messages the broker counted under a produce load', async () => {
    const topic = `prom-load-${Date.now()}`;
    expect((await api('POST', '/api/clusters/local/topics', { name: topic, partitions: 3, replicationFactor: 1 })).status).toBe(201);
    try {
      await kcat(['-P', '-t', topic], 'warm-up\n');
      await waitFor(async () => (await exporterCounters(topic)).topicMessagesIn === 1, { what: 'the exporter to count the first message' });
      const first = await metrics('range=15m');
      expect(first.source).toBe('prometheus');
      // the step follows the server's own scrape interval (1 s here): never finer than two scrapes
      expect(first.scrapeIntervalSeconds).toBe(1);
      expect(first.sources).toEqual([expect.objectContaining({ url: promUrl, ok: true, error: null })]);
      const step = first.stepSeconds * 1000;
      const interval = 1000;
      // a boundary whose whole step lies after now, and Prometheus has scraped past it: its value is the counter before the load
      const boundary = Math.ceil((Date.now() + interval) / step) * step + step;
      while (Date.now() < boundary + 2 * interval) await sleep(200);
      const N = 2_000;
      const { brokerDelta, topicDelta } = await produceCountedLoad(topic, N);

      // within one step and two scrapes of the load settling, the PromQL series add up to the same rises
      const settledAt = Date.now();
      const seen = await waitFor(
        async () => {
          const cluster = await metrics('range=15m');
          const perTopic = await metrics(`scope=topic&range=15m&topic=${topic}`);
          const b = riseAfter(cluster, (s) => s.metric === 'bytesIn' && s.broker === 1, boundary);
          const t = riseAfter(perTopic, (s) => s.metric === 'bytesIn' && s.topic === topic, boundary);
          const m = riseAfter(perTopic, (s) => s.metric === 'messagesIn' && s.topic === topic, boundary);
          return b !== null && Math.abs(b - brokerDelta) < 1e-6 * brokerDelta && t !== null && Math.abs(t - topicDelta) < 1e-6 && m !== null && Math.abs(m - N) < 1e-6 ? { b, t, m } : null;
        },
        { what: `the PromQL charts to show ${brokerDelta} B into broker 1 and ${N} messages into ${topic}`, timeoutMs: step + 4 * interval + 10_000, intervalMs: 500 },
      );
      expect(seen.b).toBeCloseTo(brokerDelta, 3);
      expect(seen.t).toBeCloseTo(topicDelta, 3);
      expect(seen.m).toBeCloseTo(N, 6);
      expect(Date.now() - settledAt).toBeLessThanOrEqual(step + 4 * interval + 10_000);
    } finally {
      await api('DELETE', `/api/clusters/local/topics/${topic}`);
    }
  });

  it('draws every chart family for one broker, named by its id', async () => {
    const r = await metrics('scope=broker&broker=1&range=15m');
    const kinds = new Set(r.series.map((s) => s.metric));
    for (const k of ['bytesIn', 'bytesOut', 'messagesIn', 'produceRequests', 'underReplicated', 'offlinePartitions', 'isrShrinks', 'isrExpands', 'activeController', 'controllerChanges']) {
      expect(kinds, k).toContain(k);
    }
    for (const s of r.series) expect(s.label, s.metric).toBe('broker 1');
    const active = r.series.find((s) => s.metric === 'activeController')!;
    expect(active.points.filter(([, v]) => v !== null).at(-1)![1]).toBe(1);
    expect((await metrics('scope=broker&broker=7&range=15m')).series).toEqual([]);
  });

  it('says which Prometheus does not answer, and why', async () => {
    const r = await metrics('range=15m', 'prom-down');
    expect(r.source).toBe('prometheus');
    expect(r.series).toEqual([]);
    expect(r.sources).toEqual([expect.objectContaining({ url: 'http://127.0.0.1:2', ok: false })]);
    expect(r.sources[0]!.error).toBe('ECONNREFUSED');
  });
});
