import type { ChildProcess } from 'node:child_process';
import type { Producer } from '@platformatic/kafka';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupDetail, GroupList, LagHistory } from '@/lib/contracts/groups';
import { apiAt, waitFor } from '../helpers/api';
import { freshPostgres } from '../helpers/pg';
import { connectAdmin, createTopic, deleteGroupQuietly, kcatEndOffsets, startConsumer, testProducer, uniq, type GroupTestAdmin, type TestConsumer } from './group-helpers';

// @ts-expect-error plain ESM script without types
import * as lib from '../../scripts/lib.mjs';

/**
 * Two console instances share one PostgreSQL database: exactly one samples the cluster (elected
 * through a Kafka consumer group), the other takes over when it stops, and the status of a
 * group goes OK → STALLED when its consumer stops and back to OK when it resumes.
 */
interface Instance {
  name: string;
  base: string;
  child: ChildProcess;
  instance?: string;
}

const SAMPLE_MS = 500;
let db: Awaited<ReturnType<typeof freshPostgres>>;
let client: pg.Client;
const instances: Instance[] = [];
let admin: GroupTestAdmin;

async function start(name: string): Promise<Instance> {
  const port: number = await lib.freePort();
  const child: ChildProcess = await lib.startServer({
    port,
    env: { ...lib.testServerEnv(), DATABASE_URL: db.url, RIFFLE_LAG_SAMPLE_MS: String(SAMPLE_MS), RIFFLE_LAG_WINDOW: '20', RIFFLE_CLUSTERS: '' },
    logFile: `/tmp/riffle-t5-sampler-${name}.log`,
  });
  const inst = { name, base: `http://127.0.0.1:${port}`, child };
  instances.push(inst);
  return inst;
}

async function samplerState(i: Instance) {
  const res = await apiAt<GroupList>(i.base, 'GET', '/api/clusters/local/consumer-groups');
  expect(res.status).toBe(200);
  i.instance = res.body.sampler.instance;
  return res.body.sampler;
}

async function cyclesAfter(ts: number): Promise<{ ts: number; instance: string }[]> {
  const r = await client.query<{ ts: string; instance: string }>(`select ts, instance from lag_cycles where cluster = 'local' and ts > $1 order by ts`, [ts]);
  return r.rows.map((x) => ({ ts: Number(x.ts), instance: x.instance }));
}

beforeAll(async () => {
  if (lib.ensureBuild() !== 0) throw new Error('next build failed');
  db = await freshPostgres('riffle_t5');
  admin = await connectAdmin();
  await Promise.all([start('a'), start('b')]);
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
}, 120_000);

afterAll(async () => {
  for (const i of instances) await lib.stopProcess(i.child);
  await client?.end();
  await admin?.close();
  await db?.drop();
}, 60_000);

describe('one sampler per cluster across instances', () => {
  it('exactly one of two instances samples, and the other takes over when it stops', async () => {
    // Both joined the election: one samples, the other stands by.
    const leader = await waitFor(
      async () => {
        const roles = (await Promise.all(instances.map(samplerState))).map((s) => s.role);
        return roles.includes('sampling') && roles.includes('standby') ? instances[roles.indexOf('sampling')] : undefined;
      },
      { timeoutMs: 60_000, what: 'exactly one sampling instance' },
    );
    const follower = instances.find((i) => i !== leader)!;
    const from = Date.now();
    const cycles = await waitFor(async () => {
      const c = await cyclesAfter(from);
      return c.length >= 8 ? c : undefined;
    }, { timeoutMs: 30_000, what: '8 sampler cycles' });
    // Every bucket once, all from the elected instance (bucket claims alone would let both race).
    expect(new Set(cycles.map((c) => c.ts)).size).toBe(cycles.length);
    expect(new Set(cycles.map((c) => c.instance))).toEqual(new Set([leader.instance]));
    expect((await samplerState(follower)).role).toBe('standby');

    await lib.stopProcess(leader.child);
    instances.splice(instances.indexOf(leader), 1);
    const stoppedAt = Date.now();
    const taken = await waitFor(async () => {
      const c = (await cyclesAfter(stoppedAt)).filter((x) => x.instance === follower.instance);
      return c.length >= 3 ? c : undefined;
    }, { timeoutMs: 60_000, what: 'the other instance to take over sampling' });
    expect(taken.length).toBeGreaterThanOrEqual(3);
    expect((await samplerState(follower)).role).toBe('sampling');
    const all = await cyclesAfter(0);
    expect(new Set(all.map((c) => c.ts)).size).toBe(all.length);
  }, 180_000);
});

describe('lag status over time', () => {
  const topic = uniq('status');
  const group = uniq('status-group');
  let producer: Producer;
  let timer: NodeJS.Timeout | undefined;
  let consumer: TestConsumer | undefined;
  let produceError = '';

  beforeAll(async () => {
    await createTopic(admin, topic, 1);
    producer = testProducer();
    let n = 0;
    timer = setInterval(() => {
      void producer.send({ messages: Array.from({ length: 5 }, () => ({ topic, value: Buffer.from(`v${n++}`) })) }).then(
        () => (produceError = ''),
        (err: Error) => (produceError = err.message),
      );
    }, 200);
  });

  afterAll(async () => {
    if (timer) clearInterval(timer);
    await consumer?.close().catch(() => {});
    await producer?.close().catch(() => {});
    await deleteGroupQuietly(admin, group);
    await admin.deleteTopics([topic]).catch(() => {});
  });

  async function consume(): Promise<TestConsumer> {
    return startConsumer(group, topic, { autocommit: true, sessionTimeout: 6_000, heartbeatInterval: 500 });
  }

  const status = async () => {
    const server = instances[0]!;
    const res = await apiAt<GroupDetail>(server.base, 'GET', `/api/clusters/local/consumer-groups/${group}`);
    return res.status === 200 ? res.body : undefined;
  };

  it('goes OK → STALLED when the consumer stops, and back to OK when it resumes', async () => {
    await waitFor(async () => ((await kcatEndOffsets(topic, 1)).get(0) ?? 0) > 0, { timeoutMs: 60_000, what: `messages in ${topic} (producer: ${produceError || 'no error'})` });
    consumer = await consume();
    await waitFor(
      async () => {
        const s = await status();
        return s?.status === 'OK' && (s.partitions[0]?.committed ?? 0) > 0;
      },
      { timeoutMs: 60_000, what: 'status OK with commits while consuming' },
    );

    await consumer.close();
    consumer = undefined;
    const stalled = await waitFor(
      async () => {
        const s = await status();
        return s?.status === 'STALLED' ? s : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 200, what: 'status STALLED after the consumer stopped' },
    );
    expect(stalled.statusReason).toMatch(/offset unchanged for \d+ s while lag grew from [\d,]+ to [\d,]+/);
    expect(stalled.totalLag).toBeGreaterThan(0);

    consumer = await consume();
    await waitFor(
      async () => {
        const s = await status();
        return s?.status === 'OK' && (s.partitions[0]?.committed ?? 0) > stalled.partitions[0]!.committed!;
      },
      { timeoutMs: 60_000, what: 'status OK after the consumer resumed' },
    );

    // The history holds what the sampler recorded: the lag while stopped, the production all
    // along, and consumption once a cycle after the resume is in.
    const history = await waitFor(
      async () => {
        const h = await apiAt<LagHistory>(instances[0]!.base, 'GET', `/api/clusters/local/consumer-groups/${group}/lag-history?range=15m`);
        if (h.status !== 200) return undefined;
        const pts = h.body.points;
        return pts.some((p) => p.totalLag > 0) && pts.some((p) => (p.produceRate ?? 0) > 0) && pts.some((p) => (p.consumeRate ?? 0) > 0) ? h.body : undefined;
      },
      { timeoutMs: 30_000, what: 'lag history with lag, production and consumption' },
    );
    expect(history.topics).toEqual([topic]);
  }, 240_000);
});
