import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupDetail, GroupList, TopicConsumers } from '@/lib/contracts/groups';
import { api, waitFor } from '../helpers/api';
import { adminCommitted, connectAdmin, createTopic, deleteGroupQuietly, kcatConsumeInGroup, kcatEndOffsets, produceTo, startConsumer, testProducer, uniq, type GroupTestAdmin } from './group-helpers';

/**
 * The console's lag must equal lag computed independently: committed offsets from
 * @platformatic/kafka's admin, end offsets from kcat (librdkafka), lag = end − committed, for groups created by kcat
 * and by @platformatic/kafka, including partitions the group never committed.
 */
const topic = uniq('lag');
const kcatGroup = uniq('kcat-group');
const jsGroup = uniq('js-group');
let admin: GroupTestAdmin;

beforeAll(async () => {
  admin = await connectAdmin();
  await createTopic(admin, topic, 4);
  await produceTo(topic, 0, 30);
  await produceTo(topic, 1, 45);
  await produceTo(topic, 2, 12);
  // partition 3 stays empty
});

afterAll(async () => {
  await deleteGroupQuietly(admin, kcatGroup);
  await deleteGroupQuietly(admin, jsGroup);
  await admin.deleteTopics([topic]).catch(() => {});
  await admin.close();
});

async function expectConsoleMatchesIndependent(groupId: string) {
  const res = await api<GroupDetail>('GET', `/api/clusters/local/consumer-groups/${encodeURIComponent(groupId)}`);
  expect(res.status).toBe(200);
  const committed = await adminCommitted(admin, groupId, topic);
  const ends = await kcatEndOffsets(topic, 4);
  const rows = res.body.partitions.filter((p) => p.topic === topic).sort((a, b) => a.partition - b.partition);
  expect(rows.map((r) => r.partition)).toEqual([0, 1, 2, 3]);
  let total = 0;
  for (const r of rows) {
    const c = committed.get(r.partition) ?? null;
    const end = ends.get(r.partition)!;
    expect({ partition: r.partition, committed: r.committed, logEnd: r.logEnd }).toEqual({ partition: r.partition, committed: c, logEnd: end });
    const lag = c == null ? null : end - c;
    expect(r.lag).toBe(lag);
    if (lag != null) total += lag;
  }
  const t = res.body.topics.find((x) => x.topic === topic)!;
  expect(t.lag).toBe(total);
  expect(res.body.totalLag).toBe(total);
  return { rows, committed };
}

describe('lag equals an independent computation', () => {
  it('for a group created by kcat, with partitions it never committed', async () => {
    await kcatConsumeInGroup(kcatGroup, topic, 20);
    const { committed } = await expectConsoleMatchesIndependent(kcatGroup);
    // kcat read 20 of 87 messages: at least one partition (the empty one) has no commit
    expect([...committed.values()].some((v) => v == null)).toBe(true);
    expect([...committed.values()].some((v) => v != null)).toBe(true);
  });

  it('for a group created by @platformatic/kafka that committed two partitions of four', async () => {
    const consumer = await startConsumer(jsGroup, topic);
    await consumer.commit(topic, [
      { partition: 0, offset: 7 },
      { partition: 1, offset: 45 },
    ]);
    // With its member still in the group: members, client id, host and assignment show.
    const live = await api<GroupDetail>('GET', `/api/clusters/local/consumer-groups/${jsGroup}`);
    expect(live.status).toBe(200);
    expect(live.body.members).toHaveLength(1);
    expect(live.body.members[0]!.clientId).toBe('t5-groups-test');
    expect(live.body.members[0]!.assignment).toEqual([{ topic, partitions: [0, 1, 2, 3] }]);
    expect(live.body.partitions.every((p) => p.clientId === 't5-groups-test')).toBe(true);
    await consumer.close();

    const { rows } = await expectConsoleMatchesIndependent(jsGroup);
    expect(rows.map((r) => [r.committed, r.lag])).toEqual([
      [7, 23],
      [45, 0],
      [null, null],
      [null, null],
    ]);
  });

  it('the groups list and the topic Consumers tab agree with the group page', async () => {
    const list = await api<GroupList>('GET', '/api/clusters/local/consumer-groups');
    expect(list.status).toBe(200);
    const js = list.body.groups.find((g) => g.groupId === jsGroup)!;
    expect(js.totalLag).toBe(23);
    expect(js.topics).toEqual([topic]);
    expect(js.partitionsWithoutCommit).toBe(2);
    expect(js.state).toBe('Empty');
    const k = list.body.groups.find((g) => g.groupId === kcatGroup)!;
    const detail = await api<GroupDetail>('GET', `/api/clusters/local/consumer-groups/${kcatGroup}`);
    expect(k.totalLag).toBe(detail.body.totalLag);

    const tab = await api<TopicConsumers>('GET', `/api/clusters/local/topics/${topic}/consumers`);
    expect(tab.status).toBe(200);
    expect(tab.body.groups.map((g) => g.groupId).sort()).toEqual([jsGroup, kcatGroup].sort());
    expect(tab.body.groups.find((g) => g.groupId === jsGroup)!.lag).toBe(23);
  });

  it('counts lag to the last stable offset separately while a transaction is open', async () => {
    const txTopic = uniq('tx');
    const txGroup = uniq('tx-group');
    await createTopic(admin, txTopic, 1);
    try {
      await produceTo(txTopic, 0, 10);
      await admin.setOffsets(txGroup, txTopic, [{ partition: 0, offset: 4 }]);
      const producer = testProducer({ transactionalId: `${txGroup}-tx` });
      const tx = await producer.beginTransaction();
      await tx.send({ messages: Array.from({ length: 5 }, (_, i) => ({ topic: txTopic, partition: 0, value: Buffer.from(`tx-${i}`) })) });
      const open = await api<GroupDetail>('GET', `/api/clusters/local/consumer-groups/${txGroup}`);
      const p = open.body.partitions[0]!;
      const ends = await kcatEndOffsets(txTopic, 1);
      expect(p.logEnd).toBe(ends.get(0));
      expect(p.lastStable).toBe(10); // the open transaction starts at offset 10
      expect(p.lag).toBe(p.logEnd - 4);
      expect(p.lagToStable).toBe(6);
      expect(open.body.transactionsInPlay).toBe(true);
      await tx.commit();
      await producer.close();
      // EndTxn answers once the coordinator has logged the commit; it writes the partition's
      // commit marker (which moves the last stable offset) just after, so the LSO may trail a moment.
      const after = await waitFor(
        async () => {
          const r = await api<GroupDetail>('GET', `/api/clusters/local/consumer-groups/${txGroup}`);
          return r.body.partitions[0]!.lastStable === r.body.partitions[0]!.logEnd ? r : null;
        },
        { what: 'the last stable offset to reach the log end after the commit', timeoutMs: 10_000 },
      );
      expect(after.body.partitions[0]!.logEnd).toBe((await kcatEndOffsets(txTopic, 1)).get(0));
      expect(after.body.transactionsInPlay).toBe(false);
    } finally {
      await deleteGroupQuietly(admin, txGroup);
      await admin.deleteTopics([txTopic]).catch(() => {});
    }
  });

  it('answers 404 for an unknown group and an unknown topic', async () => {
    const g = await api<{ error: { code: string; field: string } }>('GET', `/api/clusters/local/consumer-groups/${uniq('nope')}`);
    expect(g.status).toBe(404);
    expect(g.body.error.field).toBe('group');
    const h = await api('GET', `/api/clusters/local/consumer-groups/${uniq('nope')}/lag-history?range=1h`);
    expect(h.status).toBe(404);
    const r = await api('GET', `/api/clusters/local/consumer-groups/${jsGroup}/lag-history?range=2y`);
    expect(r.status).toBe(400);
    const t = await api('GET', `/api/clusters/local/topics/${uniq('nope')}/consumers`);
    expect(t.status).toBe(404);
  });
});
