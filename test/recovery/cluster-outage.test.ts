import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { healthReport } from '@/lib/contracts/cluster';
import { api, waitFor } from '../helpers/api';

const script = path.resolve(__dirname, '../../scripts/kafka.mjs');
const kafka = (cmd: string) => execFileSync('node', [script, cmd], { stdio: 'pipe', timeout: 120_000 }).toString();

afterAll(() => {
  kafka('up'); // whatever happened, leave the cluster running for the suites after this one
});

describe('the console when the cluster goes away and comes back', () => {
  it('answers 503 with the reason while Kafka is down, and recovers by itself', async () => {
    expect((await api('GET', '/api/clusters/local')).status).toBe(200);
    kafka('down');

    const down = await waitFor(
      async () => {
        const res = await api<{ error: { code: string; message: string } }>('GET', '/api/clusters/local');
        return res.status === 503 ? res : null;
      },
      { timeoutMs: 30_000, what: 'a 503 from the overview' },
    );
    expect(down.body.error.code).toBe('KAFKA_UNAVAILABLE');
    expect(down.body.error.message).toMatch(/unreachable/i);

    const health = await waitFor(
      async () => {
        const h = healthReport.parse((await api('GET', '/api/health')).body);
        return h.clusters[0]!.reachable ? null : h;
      },
      { what: 'health to report the cluster unreachable' },
    );
    expect(health.status).toBe('degraded');
    expect(health.clusters[0]!.error).toBeTruthy();

    kafka('up');
    const back = await waitFor(
      async () => {
        const res = await api('GET', '/api/clusters/local');
        return res.status === 200 ? res : null;
      },
      { timeoutMs: 60_000, what: 'the overview to answer 200 again' },
    );
    expect(back.status).toBe(200);
    await waitFor(async () => healthReport.parse((await api('GET', '/api/health')).body).clusters[0]!.reachable, { what: 'health to recover' });
  });
});
