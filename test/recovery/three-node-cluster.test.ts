import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterOverview, type ClusterOverview } from '@/lib/contracts/cluster';
import { topicDetail } from '@/lib/contracts/topics';
import { rawFetchAt, waitFor } from '../helpers/api';
import { TestAdmin } from '../helpers/kafka-admin';
import { metadataQuorumStatus } from '../helpers/kafka-tools';

/**
 * A separate 3-node cluster (ports 14092-14094, its own data folder) beside the default one,
 * watched by its own console server: the overview must show three brokers and a three-voter
 * quorum, see a stopped node and the partitions it leaves under-replicated, and see recovery.
 */
const root = path.resolve(__dirname, '../..');
const OFFSET = '5000';
const BOOTSTRAP = '127.0.0.1:14092';
const kafka = (...args: string[]) =>
  execFileSync('node', [path.join(root, 'scripts/kafka.mjs'), ...args], {
    env: { ...process.env, KAFKA_NODES: '3', KAFKA_PORT_OFFSET: OFFSET },
    stdio: 'pipe',
    timeout: 150_000,
  }).toString();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let lib: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let server: any;
let baseUrl = '';

async function overview(): Promise<ClusterOverview | null> {
  const res = await rawFetchAt(baseUrl, '/api/clusters/local');
  return res.ok ? clusterOverview.parse(await res.json()) : null;
}

beforeAll(async () => {
  kafka('up');
  // @ts-expect-error plain ESM script without types
  lib = await import('../../scripts/lib.mjs');
  const port = await lib.freePort();
  server = await lib.startServer({ port, env: { ...lib.testServerEnv(), KAFKA_BROKERS: BOOTSTRAP, RIFFLE_CLUSTERS: '' }, logFile: '/tmp/riffle-3node-server.log' });
  baseUrl = `http://127.0.0.1:${port}`;
  // A fresh cluster has no partitions to be under-replicated: give it some, on every broker.
  const admin = new TestAdmin('riffle-3node-test', BOOTSTRAP);
  await admin.createTopics([{ topic: 'rf3', numPartitions: 6, replicationFactor: 3 }]);
  await admin.close();
}, 180_000);

afterAll(async () => {
  await lib?.stopProcess(server);
  kafka('down');
  fs.rmSync(path.join(root, '.data', `kafka-${OFFSET}`), { recursive: true, force: true });
}, 120_000);

describe('a 3-node local cluster', () => {
  it('shows three brokers, as kcat does, and a three-voter quorum', async () => {
    const kcat = JSON.parse(execFileSync('kcat', ['-b', BOOTSTRAP, '-L', '-J']).toString()) as { brokers: { id: number; name: string }[] };
    // Every broker answers metadata from its own cache: wait until the one asked has seen rf3.
    const o = await waitFor(
      async () => {
        const v = await overview();
        return v && v.counts.partitions >= 6 ? v : null;
      },
      { what: 'the overview to include the 6 partitions of rf3' },
    );
    expect(o.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`)).toEqual(
      kcat.brokers.sort((a, b) => a.id - b.id).map((b) => `${b.id}@${b.name}`),
    );
    expect(o.brokers).toHaveLength(3);
    expect(o.quorum.voters.map((v) => v.nodeId)).toEqual([1, 2, 3]);
    const tool = await metadataQuorumStatus(BOOTSTRAP);
    expect(o.quorum.state?.leaderId).toBe(tool.leaderId);
    expect(o.quorum.voters.filter((v) => v.isLeader).map((v) => v.nodeId)).toEqual([tool.leaderId]);
    expect(o.counts.partitions).toBeGreaterThanOrEqual(6);
    expect(o.counts.replicas).toBe(o.counts.partitions * 3);
    expect(o.counts.underReplicatedPartitions).toBe(0);
  });

  it('shows a stopped broker and the partitions it leaves under-replicated, then the recovery', async () => {
    kafka('stop', '3', '--kill');
    const degraded = await waitFor(
      async () => {
        const o = await overview();
        return o && o.brokers.length === 2 && o.counts.underReplicatedPartitions > 0 ? o : null;
      },
      { timeoutMs: 60_000, what: 'the overview to show 2 brokers and under-replicated partitions' },
    );
    expect(degraded.brokers.map((b) => b.nodeId)).toEqual([1, 2]);

    // The topic's partition grid data: node 3 is out of every ISR and leads nothing, the
    // partitions stand out as under-replicated, and kcat sees the same ISRs.
    const grid = await waitFor(
      async () => {
        const res = await rawFetchAt(baseUrl, '/api/clusters/local/topics/rf3');
        const t = res.ok ? topicDetail.parse(await res.json()) : null;
        return t && t.partitions.every((p) => !p.isr.includes(3)) ? t : null;
      },
      { timeoutMs: 30_000, what: 'node 3 out of every ISR of rf3' },
    );
    expect(grid.underReplicatedPartitions).toBe(6);
    expect(grid.partitions.every((p) => p.replicas.includes(3) && p.leader !== 3 && p.leader > 0)).toBe(true);
    const kcat = JSON.parse(execFileSync('kcat', ['-b', BOOTSTRAP, '-L', '-J', '-t', 'rf3']).toString()) as {
      topics: { partitions: { partition: number; isrs: { id: number }[] }[] }[];
    };
    for (const p of kcat.topics[0]!.partitions) {
      expect(grid.partitions.find((g) => g.partition === p.partition)!.isr.sort()).toEqual(p.isrs.map((i) => i.id).sort());
    }

    kafka('start', '3');
    const healed = await waitFor(
      async () => {
        const o = await overview();
        return o && o.brokers.length === 3 && o.counts.underReplicatedPartitions === 0 ? o : null;
      },
      { timeoutMs: 90_000, what: 'the overview to show 3 brokers and no under-replicated partitions' },
    );
    expect(healed.counts.offlinePartitions).toBe(0);
  });
});
