import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupList } from '@/lib/contracts/groups';
import { RequestCounter } from '@/lib/server/kafka/client';
import { committedOffsets, type CommittedOffsets } from '@/lib/server/kafka/committed-offsets';
import { api, waitFor } from '../helpers/api';
import { describeGroupOffsets } from '../helpers/kafka-tools';
import { BOOTSTRAP, kcat } from '../helpers/kcat';
import { connectAdmin, createTopic, deleteGroupQuietly, kcatConsumeInGroup, produceTo, startConsumer, uniq, type GroupTestAdmin, type TestConsumer } from './group-helpers';

/**
 * Committed offsets of many groups through the batched path (one FindCoordinator v4+ and one
 * OffsetFetch v8+ per coordinator) equal what Kafka's own kafka-consumer-groups.sh reports, for
 * groups committed by @platformatic/kafka's admin and by kcat, a group with members but no commits, and a
 * group that doesn't exist.
 */
const PARTITIONS = 3;
const ADMIN_GROUPS = 24;
const topicA = uniq('batch-a');
const topicB = uniq('batch-b');
const adminGroups = Array.from({ length: ADMIN_GROUPS }, (_, i) => uniq(`batch-g${i}`));
const kcatGroups = [uniq('batch-kcat0'), uniq('batch-kcat1')];
const idleGroup = uniq('batch-idle'); // members, never commits
const missingGroup = uniq('batch-missing'); // never exists
const existing = [...adminGroups, ...kcatGroups, idleGroup];
let admin: GroupTestAdmin;
let idle: TestConsumer | undefined;

beforeAll(async () => {
  admin = await connectAdmin();
  await createTopic(admin, topicA, PARTITIONS);
  await createTopic(admin, topicB, PARTITIONS);
  for (let p = 0; p < PARTITIONS; p++) {
    await produceTo(topicA, p, 10 + p * 5);
    await produceTo(topicB, p, 7);
  }
  // Different shapes: one topic or two, some partitions only, different offsets.
  await Promise.all(
    adminGroups.map(async (groupId, i) => {
      await admin.setOffsets(groupId, topicA, [{ partition: i % PARTITIONS, offset: i % 10 }]);
      if (i % 3 === 0) await admin.setOffsets(groupId, topicB, [0, 1, 2].map((partition) => ({ partition, offset: (i + partition) % 7 })));
    }),
  );
  await Promise.all([kcatConsumeInGroup(kcatGroups[0]!, topicA, 12), kcatConsumeInGroup(kcatGroups[1]!, topicB, 5)]);
  // Kafka's tools run synchronously below (seconds each, no heartbeats meanwhile): a long session.
  idle = await startConsumer(idleGroup, topicB, { sessionTimeout: 60_000, rebalanceTimeout: 60_000, heartbeatInterval: 1_000 });
  await waitFor(async () => (await admin.groupState(idleGroup)) === 'Stable', { timeoutMs: 60_000, what: `${idleGroup} to be Stable` });
}, 180_000);

afterAll(async () => {
  await idle?.close().catch(() => {});
  for (const g of [...existing]) await deleteGroupQuietly(admin, g);
  await admin?.deleteTopics([topicA, topicB]).catch(() => {});
  await admin?.close();
});

/** group → "topic:partition" → offset, for commits only. */
function flatten(offsets: CommittedOffsets): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const [group, topics] of offsets) {
    const m = new Map<string, number>();
    for (const [topic, parts] of topics) for (const [p, o] of parts) m.set(`${topic}:${p}`, o);
    out.set(group, m);
  }
  return out;
}

async function brokerCount(): Promise<number> {
  return (JSON.parse(await kcat(['-L', '-J'])) as { brokers: unknown[] }).brokers.length;
}

describe('batched OffsetFetch', () => {
  it('returns what kafka-consumer-groups.sh reports, in one request per coordinator', async () => {
    const ids = [...existing, missingGroup];
    const counter = new RequestCounter();
    const batched = flatten(await committedOffsets('local', ids, counter));
    const brokers = await brokerCount();
    // FindCoordinator once for all groups, then one OffsetFetch per coordinator.
    expect(counter.count).toBeLessThanOrEqual(1 + brokers);

    const tool = describeGroupOffsets(BOOTSTRAP, existing);
    for (const group of existing) {
      const expected = new Map(
        tool.filter((r) => r.group === group && r.currentOffset !== null).map((r) => [`${r.topic}:${r.partition}`, r.currentOffset!] as const),
      );
      expect({ group, offsets: batched.get(group) }).toEqual({ group, offsets: expected });
    }
    // The tool lists the idle group's assigned partitions, all without a commit.
    expect(tool.filter((r) => r.group === idleGroup).map((r) => r.currentOffset)).toEqual([null, null, null]);
    expect(batched.get(idleGroup)).toEqual(new Map());
    // Something was committed for every other group (so the comparison above compared offsets).
    for (const g of [...adminGroups, ...kcatGroups]) expect(batched.get(g)!.size).toBeGreaterThan(0);

    // The tool refuses the missing group; the batched answer has it with no offsets.
    expect(() => describeGroupOffsets(BOOTSTRAP, [missingGroup])).toThrow(/GroupIdNotFound|not found|does not exist/);
    expect(batched.get(missingGroup)).toEqual(new Map());

    // Coordinators are cached now: one OffsetFetch per coordinator and nothing else.
    const again = new RequestCounter();
    expect(flatten(await committedOffsets('local', ids, again))).toEqual(batched);
    expect(again.count).toBeLessThanOrEqual(brokers);
  });

  it('equals the one-request-per-group path', async () => {
    const ids = [...existing, missingGroup];
    const batchedCounter = new RequestCounter();
    const perGroupCounter = new RequestCounter();
    const batched = await committedOffsets('local', ids, batchedCounter);
    const perGroup = await committedOffsets('local', ids, perGroupCounter, { perGroup: true });
    expect(flatten(perGroup)).toEqual(flatten(batched));
    expect(perGroupCounter.count).toBeGreaterThanOrEqual(ids.length);
    expect(batchedCounter.count).toBeLessThan(ids.length);
  });

  it('the groups list shows lag from those offsets', async () => {
    const res = await api<GroupList>('GET', '/api/clusters/local/consumer-groups');
    expect(res.status).toBe(200);
    const tool = describeGroupOffsets(BOOTSTRAP, existing);
    for (const group of [...adminGroups, ...kcatGroups]) {
      const rows = tool.filter((r) => r.group === group && r.currentOffset !== null);
      const lag = rows.reduce((sum, r) => sum + (r.logEndOffset! - r.currentOffset!), 0);
      expect({ group, totalLag: res.body.groups.find((g) => g.groupId === group)?.totalLag }).toEqual({ group, totalLag: lag });
    }
    expect(res.body.groups.find((g) => g.groupId === idleGroup)?.totalLag ?? null).toBeNull();
    expect(res.body.groups.some((g) => g.groupId === missingGroup)).toBe(false);
  });
});
