import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupList } from '@/lib/contracts/groups';
import { apiAt, waitFor } from '../helpers/api';
import { listConsumerGroups } from '../helpers/kafka-tools';
import { BOOTSTRAP } from '../helpers/kcat';
import { freshPostgres } from '../helpers/pg';

// @ts-expect-error plain ESM script without types
import * as lib from '../../scripts/lib.mjs';

/**
 * The sampler election leaves nothing behind: two console instances share a new database (so a
 * new election group), and once both have stopped cleanly the group is gone, as Kafka's own
 * kafka-consumer-groups.sh sees it. While one of them still runs, the group stays.
 */
interface Instance {
  base: string;
  child: ChildProcess;
}

let db: Awaited<ReturnType<typeof freshPostgres>>;
const running: Instance[] = [];

async function start(name: string): Promise<Instance> {
  const port: number = await lib.freePort();
  const child: ChildProcess = await lib.startServer({
    port,
    env: { ...lib.testServerEnv(), DATABASE_URL: db.url, RIFFLE_LAG_SAMPLE_MS: '1000', RIFFLE_CLUSTERS: '' },
    logFile: `/tmp/riffle-t5-sampler-cleanup-${name}.log`,
  });
  const inst = { base: `http://127.0.0.1:${port}`, child };
  running.push(inst);
  return inst;
}

async function stop(i: Instance): Promise<void> {
  await lib.stopProcess(i.child);
  running.splice(running.indexOf(i), 1);
}

async function sampler(i: Instance): Promise<GroupList['sampler']> {
  const res = await apiAt<GroupList>(i.base, 'GET', '/api/clusters/local/consumer-groups');
  expect(res.status).toBe(200);
  return res.body.sampler;
}

beforeAll(async () => {
  if (lib.ensureBuild() !== 0) throw new Error('next build failed');
  db = await freshPostgres('riffle_t5_cleanup');
}, 300_000);

afterAll(async () => {
  for (const i of [...running]) await stop(i);
  await db?.drop();
}, 60_000);

describe('sampler election cleanup', () => {
  it('deletes the election group when the last instance stops, not before', async () => {
    const [a, b] = await Promise.all([start('a'), start('b')]);
    const roles = await waitFor(
      async () => {
        const s = await Promise.all([sampler(a!), sampler(b!)]);
        return s.some((x) => x.role === 'sampling') && s.some((x) => x.role === 'standby') ? s : undefined;
      },
      { timeoutMs: 60_000, what: 'one sampling and one standby instance' },
    );
    const group = roles[0]!.electionGroup!;
    expect(group).toMatch(/^riffle-lag-sampler\.local\.[0-9a-f]{12}$/);
    expect(roles[1]!.electionGroup).toBe(group); // one database, one election
    expect(listConsumerGroups(BOOTSTRAP)).toContain(group);

    // The first to stop leaves (the other takes over only after that) and tries to delete the
    // group, which the broker refuses: the other is still a member, so the group stays.
    await stop(a!);
    await waitFor(async () => (await sampler(b!)).role === 'sampling', { timeoutMs: 60_000, what: 'the other instance to take over' });
    expect(listConsumerGroups(BOOTSTRAP)).toContain(group);

    // The last one deletes it on its way out. stopProcess returns when npx exits, which can be
    // before the server under it has finished its goodbye: look until the group is gone (Kafka's
    // own expiry of empty groups would take 10 minutes, far beyond this wait).
    await stop(b!);
    await waitFor(async () => !listConsumerGroups(BOOTSTRAP).includes(group), { timeoutMs: 30_000, intervalMs: 500, what: `${group} to be deleted` });
  }, 240_000);
});
