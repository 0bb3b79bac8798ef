import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { reassignmentList, reassignmentPlan, reassignmentResult, THROTTLE_CONFIG, type ReassignmentPlan } from '@/lib/contracts/partitions';
import { api, waitFor } from '../helpers/api';
import { NumberedProducer } from '../faults/log';
import { BOOTSTRAP, BROKERS, kcatFill, kcatLayout, sleep, toolCreateTopic, toolDeleteTopics, toolDescribe, toolAllBrokerConfigs, toolDynamicConfigs, waitForFullIsr } from './cluster';

const run = promisify(execFile);
const C = '/api/clusters/local';
const suffix = Date.now().toString(36);

async function plan(body: unknown): Promise<ReassignmentPlan> {
  const res = await api('POST', `${C}/reassignments/plan`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return reassignmentPlan.parse(res.body);
}

/** Until no reassignment of this topic is in progress (the console's list, from ListPartitionReassignments). */
async function waitForMovesDone(topic: string, timeoutMs = 90_000): Promise<void> {
  await waitFor(
    async () => {
      const res = await api<{ reassignments: { topic: string }[] }>('GET', `${C}/reassignments`);
      return res.status === 200 && !res.body.reassignments.some((r) => r.topic === topic);
    },
    { timeoutMs, intervalMs: 500, what: `the reassignment of ${topic} to finish` },
  );
}

const created: string[] = [];
async function createTopic(topic: string, partitions: number, rf: number, assignment?: number[][]) {
  created.push(topic);
  await toolCreateTopic(topic, partitions, rf, assignment);
}

const movesOf = (p: ReassignmentPlan) => p.partitions.filter((x) => x.before.join() !== x.after.join()).map((x) => ({ topic: x.topic, partition: x.partition, replicas: x.after }));

async function execute(p: ReassignmentPlan, throttleBytesPerSecond?: number) {
  const res = await api('POST', `${C}/reassignments`, { partitions: movesOf(p), throttleBytesPerSecond });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const result = reassignmentResult.parse(res.body);
  expect(result.partitions.every((x) => x.error === null)).toBe(true);
  return result;
}

/** Every partition's replica list (in order) as the plan's `after` says. */
const planned = (p: ReassignmentPlan, topic: string) => p.partitions.filter((x) => x.topic === topic).map((x) => ({ partition: x.partition, replicas: x.after }));
const layoutOf = (rows: { partition: number; replicas: number[] }[]) => rows.map((r) => ({ partition: r.partition, replicas: r.replicas }));

describe('reassignment on a 3-node cluster', () => {
  const producers: NumberedProducer[] = [];
  afterAll(async () => {
    for (const p of producers) await p.close();
    await toolDeleteTopics(created);
  });

  it('a planned decommission lands exactly the replica sets shown, as kafka-topics.sh and kcat report them', async () => {
    const topic = `reassign-drain-${suffix}`;
    await createTopic(topic, 6, 2);
    await kcatFill(topic, 300, 1000, true);
    const p = await plan({ mode: 'decommission', brokers: [3], topics: [topic] });
    expect(p.moves).toBeGreaterThan(0);
    // nothing on broker 3 afterwards, and each broker's before count is what the tool says now
    expect(p.partitions.every((x) => !x.after.includes(3))).toBe(true);
    const before = await toolDescribe(topic);
    expect(p.partitions.map((x) => ({ partition: x.partition, replicas: x.before }))).toEqual(layoutOf(before));
    // bytes each broker would receive: the sum of the sizes of the partitions it gains
    for (const b of p.brokers) {
      const gains = p.partitions.filter((x) => x.after.includes(b.broker) && !x.before.includes(b.broker));
      expect(b.bytesIn).toBe(gains.reduce((n, x) => n + (x.bytes ?? 0), 0));
    }
    expect(p.bytesToMove).toBeGreaterThan(0);

    await execute(p);
    await waitForMovesDone(topic);
    expect(layoutOf(await toolDescribe(topic))).toEqual(planned(p, topic));
    expect(layoutOf(await kcatLayout(topic))).toEqual(planned(p, topic));
  });

  it('no acknowledged message is lost while a reassignment runs under a producer (read back with kcat)', async () => {
    const topic = `reassign-live-${suffix}`;
    await createTopic(topic, 3, 2, [
      [1, 2],
      [2, 1],
      [1, 2],
    ]);
    await waitForFullIsr(topic);
    const producer = new NumberedProducer(BROKERS, topic, 3, 20, 5);
    producers.push(producer);
    producer.start();
    await sleep(1500);
    // Drain broker 1 of this topic: every partition moves a replica, most change leader.
    const p = await plan({ mode: 'decommission', brokers: [1], topics: [topic] });
    expect(p.moves).toBe(3);
    await execute(p);
    await waitForMovesDone(topic);
    await sleep(1500);
    await producer.stop();
    expect(layoutOf(await toolDescribe(topic))).toEqual(planned(p, topic));
    expect(producer.acked.size).toBeGreaterThan(100);

    // kcat's -e can stop at a new leader's stale high watermark: read until everything acknowledged is there.
    const values = await waitFor(
      async () => {
        const { stdout } = await run('kcat', ['-b', BOOTSTRAP, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%s\n'], { maxBuffer: 64 << 20, timeout: 60_000 });
        const read = stdout.split('\n').filter(Boolean).map(Number);
        return read.length >= producer.acked.size && read;
      },
      { timeoutMs: 30_000, what: 'kcat to read every acknowledged message' },
    );
    const seen = new Set(values);
    const missing = [...producer.acked].filter((n) => !seen.has(n));
    expect(missing, `acknowledged but missing: ${missing.slice(0, 20).join(', ')}`).toEqual([]);
    expect(values.length, 'no message written twice').toBe(seen.size);
  });

  it('a throttled move sets the throttle (kafka-configs.sh), a cancel leaves the original assignment, and the throttle is removed', async () => {
    const topic = `reassign-cancel-${suffix}`;
    await createTopic(topic, 1, 1, [[1]]);
    // 12 MB. A throttled follower still fetches up to 1 MiB per partition before the quota (an
    // 11 s window) says stop, so a tiny rate copies about 1 MiB per 11 s: minutes here.
    await kcatFill(topic, 12_000);
    const original = await toolDescribe(topic);
    const p = await plan({ mode: 'replication-factor', topic, replicationFactor: 2 });
    const result = await execute(p, 10_240);
    expect(result.throttle).toMatchObject({ bytesPerSecond: 10_240, topics: [topic] });
    const gaining = p.partitions[0]!.after.find((b) => b !== 1)!;

    const during = reassignmentList.parse((await api('GET', `${C}/reassignments`)).body);
    const moving = during.reassignments.find((r) => r.topic === topic);
    expect(moving, 'still moving').toBeDefined();
    expect(moving!.adding).toEqual([gaining]);
    expect(moving!.bytesToGo).toBeGreaterThan(0);
    expect(during.throttleAutoRemove).toBe(true);

    // While it runs: the brokers' rates and the topic's throttled replicas, as kafka-configs.sh reports them.
    const brokers = await toolAllBrokerConfigs();
    for (const b of [1, gaining]) {
      expect(brokers.get(String(b))?.get(THROTTLE_CONFIG.leaderRate)).toBe('10240');
      expect(brokers.get(String(b))?.get(THROTTLE_CONFIG.followerRate)).toBe('10240');
    }
    const topicConfigs = await toolDynamicConfigs({ topic });
    expect(topicConfigs.get(THROTTLE_CONFIG.leaderReplicas)).toBe('0:1');
    expect(topicConfigs.get(THROTTLE_CONFIG.followerReplicas)).toBe(`0:${gaining}`);
    expect((await api('GET', `${C}/reassignments`)).body).toMatchObject({ reassignments: [{ topic }] });

    const cancel = await api('DELETE', `${C}/reassignments`, { partitions: [{ topic, partition: 0 }] });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    await waitForMovesDone(topic);
    expect(layoutOf(await kcatLayout(topic))).toEqual(layoutOf(original));

    // Nothing moves any more: the console removes every throttle by itself.
    await waitFor(async () => reassignmentList.parse((await api('GET', `${C}/reassignments`)).body).throttle.brokers.length === 0, { timeoutMs: 20_000, what: 'the throttle to go' });
    for (const [broker, configs] of await toolAllBrokerConfigs()) {
      expect(configs.has(THROTTLE_CONFIG.leaderRate), `broker ${broker}`).toBe(false);
      expect(configs.has(THROTTLE_CONFIG.followerRate), `broker ${broker}`).toBe(false);
    }
    const after = await toolDynamicConfigs({ topic });
    expect(after.has(THROTTLE_CONFIG.leaderReplicas)).toBe(false);
    expect(after.has(THROTTLE_CONFIG.followerReplicas)).toBe(false);
    expect(layoutOf(await toolDescribe(topic))).toEqual(layoutOf(original));
  });

  it('replication factor 1 → 3 → 2 lands as planned', async () => {
    const topic = `reassign-rf-${suffix}`;
    await createTopic(topic, 3, 1);
    await kcatFill(topic, 100);
    const up = await plan({ mode: 'replication-factor', topic, replicationFactor: 3 });
    expect(up.partitions.every((x) => x.after.length === 3 && x.after[0] === x.before[0])).toBe(true);
    await execute(up, 10_485_760);
    await waitForMovesDone(topic);
    expect(layoutOf(await toolDescribe(topic))).toEqual(planned(up, topic));
    await waitForFullIsr(topic);

    const down = await plan({ mode: 'replication-factor', topic, replicationFactor: 2 });
    expect(down.partitions.every((x) => x.after.length === 2)).toBe(true);
    await execute(down);
    await waitForMovesDone(topic);
    const tool = await toolDescribe(topic);
    expect(layoutOf(tool)).toEqual(planned(down, topic));
    expect(tool.every((x) => x.replicas.length === 2)).toBe(true);
    expect(layoutOf(await kcatLayout(topic))).toEqual(planned(down, topic));
  });
});
