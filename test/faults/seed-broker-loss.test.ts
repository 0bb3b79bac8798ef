import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterOverview } from '@/lib/contracts/cluster';
import { rawFetchAt, waitFor } from '../helpers/api';
import { BROKERS, kafkaAsync } from './cluster';

/**
 * A Kafka client dials only its configured seed list when it builds a client. A console told
 * about node 1 alone must not lose the cluster when node 1 dies: it seeds from the brokers it
 * has seen in metadata (lib/server/kafka/client.ts, ClusterConn.seeds).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let lib: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let server: any;
let baseUrl = '';

async function overview() {
  const res = await rawFetchAt(baseUrl, '/api/clusters/local');
  return res.ok ? clusterOverview.parse(await res.json()) : null;
}

beforeAll(async () => {
  // @ts-expect-error plain ESM script without types
  lib = await import('../../scripts/lib.mjs');
  const port = await lib.freePort();
  server = await lib.startServer({ port, env: { ...lib.testServerEnv(), RIFFLE_CLUSTERS: '', KAFKA_BROKERS: BROKERS[0] }, logFile: '/tmp/riffle-seed-loss.log' });
  baseUrl = `http://127.0.0.1:${port}`;
}, 120_000);

afterAll(async () => {
  await lib?.stopProcess(server);
});

describe('the configured bootstrap broker dies', () => {
  it('keeps answering from the other brokers, and sees node 1 return', async () => {
    expect((await waitFor(overview, { what: 'the overview' })).brokers).toHaveLength(3);
    await kafkaAsync('stop', '1', '--kill');
    try {
      const o = await waitFor(
        async () => {
          const v = await overview();
          return v && v.brokers.length === 2 ? v : null;
        },
        { timeoutMs: 60_000, what: 'an overview from the surviving brokers' },
      );
      expect(o.brokers.map((b) => b.nodeId)).toEqual([2, 3]);
    } finally {
      await kafkaAsync('start', '1');
    }
    await waitFor(
      async () => {
        const v = await overview();
        return v && v.brokers.length === 3 ? v : null;
      },
      { timeoutMs: 90_000, what: 'node 1 back in the overview' },
    );
  }, 240_000);
});
