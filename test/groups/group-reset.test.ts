import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupList, ResetOffsetsResult } from '@/lib/contracts/groups';
import { api } from '../helpers/api';
import { kcat } from '../helpers/kcat';
import { adminCommitted, connectAdmin, createTopic, deleteGroupQuietly, kcatConsumeInGroup, produceTo, startConsumer, uniq, type GroupTestAdmin, type TestConsumer } from './group-helpers';

/**
 * Resets move offsets exactly as previewed (checked by consuming with the group afterwards:
 * the first message each partition delivers is at the previewed offset), and bad input
 * changes nothing.
 */
const topic = uniq('reset');
const group = uniq('reset-group');
const url = (g = group) => `/api/clusters/local/consumer-groups/${encodeURIComponent(g)}/offsets`;
let admin: GroupTestAdmin;

beforeAll(async () => {
  admin = await connectAdmin();
  await createTopic(admin, topic, 3);
  await produceTo(topic, 0, 40);
  await produceTo(topic, 1, 25);
  await produceTo(topic, 2, 10);
  await admin.setOffsets(group, topic, [{ partition: 0, offset: 30 }, { partition: 1, offset: 5 }, { partition: 2, offset: 10 }]);
});

afterAll(async () => {
  await deleteGroupQuietly(admin, group);
  await admin.deleteTopics([topic]).catch(() => {});
  await admin.close();
});

/** The first offset the group delivers on each partition, read with kcat in the group. */
async function firstOffsetsConsumed(expected: number): Promise<Map<number, number>> {
  const got = await kcatConsumeInGroup(group, topic, expected);
  const first = new Map<number, number>();
  for (const { partition, offset } of got) if (!first.has(partition) || offset < first.get(partition)!) first.set(partition, offset);
  return first;
}

async function preview(body: object): Promise<ResetOffsetsResult> {
  const res = await api<ResetOffsetsResult>('POST', url(), { topic, dryRun: true, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.applied).toBe(false);
  return res.body;
}

async function applyAndCheck(body: object): Promise<ResetOffsetsResult> {
  const before = await adminCommitted(admin, group, topic);
  const pre = await preview(body);
  expect(await adminCommitted(admin, group, topic)).toEqual(before); // a preview changes nothing
  const res = await api<ResetOffsetsResult>('POST', url(), { topic, ...body, dryRun: false });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.applied).toBe(true);
  expect(res.body.partitions).toEqual(pre.partitions);
  const after = await adminCommitted(admin, group, topic);
  for (const r of pre.partitions) expect(after.get(r.partition)).toBe(r.target);
  return pre;
}

describe('offset resets', () => {
  it('shift -5 on chosen partitions: preview shows current, new and lag after; consuming starts there', async () => {
    const pre = await applyAndCheck({ strategy: 'shift', shift: -5, partitions: [0, 1] });
    expect(pre.partitions).toEqual([
      { partition: 0, current: 30, target: 25, logEnd: 40, lagBefore: 10, lagAfter: 15 },
      { partition: 1, current: 5, target: 0, logEnd: 25, lagBefore: 20, lagAfter: 25 },
    ]);
    expect((await adminCommitted(admin, group, topic)).get(2)).toBe(10); // untouched
    // 15 + 25 messages remain on partitions 0 and 1; partition 2 is caught up
    const first = await firstOffsetsConsumed(40);
    expect(Object.fromEntries(first)).toEqual({ 0: 25, 1: 0 });
  });

  it('earliest, then offset, then latest, then timestamp on every partition', async () => {
    const earliest = await applyAndCheck({ strategy: 'earliest' });
    expect(earliest.partitions.map((p) => p.target)).toEqual([0, 0, 0]);
    const first = await firstOffsetsConsumed(75);
    expect(Object.fromEntries(first)).toEqual({ 0: 0, 1: 0, 2: 0 });

    const exact = await applyAndCheck({ strategy: 'offset', offset: 8, partitions: [0, 2] });
    expect(exact.partitions.map((p) => [p.partition, p.target, p.lagAfter])).toEqual([
      [0, 8, 32],
      [2, 8, 2],
    ]);
    expect(Object.fromEntries(await firstOffsetsConsumed(34))).toEqual({ 0: 8, 2: 8 });

    const latest = await applyAndCheck({ strategy: 'latest' });
    expect(latest.partitions.map((p) => p.lagAfter)).toEqual([0, 0, 0]);

    // Messages produced after a moment in time: a timestamp reset lands exactly on the first of them.
    await new Promise((r) => setTimeout(r, 20));
    const t = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    await produceTo(topic, 1, 3, 'late');
    await applyAndCheck({ strategy: 'latest' });
    const byTime = await applyAndCheck({ strategy: 'timestamp', timestamp: t });
    expect(byTime.partitions.map((p) => [p.partition, p.target])).toEqual([
      [0, 40],
      [1, 25],
      [2, 10],
    ]);
    const lines = await kcat(['-G', group, '-c', '3', '-q', '-f', '%p:%o:%s\\n', topic]);
    expect(lines.trim().split('\n').sort()).toEqual(['1:25:late-1-0', '1:26:late-1-1', '1:27:late-1-2']);
  });

  it('refuses bad input with a clear 4xx and changes nothing', async () => {
    const before = await adminCommitted(admin, group, topic);
    const cases: [object, number, string][] = [
      [{ topic, strategy: 'offset', offset: 1000, dryRun: false }, 400, 'offset'],
      [{ topic, strategy: 'shift', shift: 500, dryRun: false }, 400, 'shift'],
      [{ topic, strategy: 'shift', shift: -500, dryRun: true }, 400, 'shift'],
      [{ topic, strategy: 'timestamp', timestamp: Date.now() + 3_600_000, dryRun: false }, 400, 'timestamp'],
      [{ topic, strategy: 'earliest', partitions: [0, 7], dryRun: false }, 400, 'partitions'],
      [{ topic, strategy: 'sideways', dryRun: false }, 400, 'strategy'],
      [{ topic, strategy: 'offset', offset: -3, dryRun: false }, 400, 'offset'],
      [{ topic: uniq('missing'), strategy: 'earliest', dryRun: false }, 404, 'topic'],
    ];
    for (const [body, status, field] of cases) {
      const res = await api<{ error: { code: string; message: string; field?: string } }>('POST', url(), body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.field, JSON.stringify(res.body)).toBe(field);
      expect(res.body.error.message.length).toBeGreaterThan(10);
    }
    const unknown = await api<{ error: { field: string } }>('POST', url(uniq('ghost')), { topic, strategy: 'earliest', dryRun: false });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.field).toBe('group');
    const notJson = await api('POST', url(), 'not json', { 'content-type': 'application/json' });
    expect(notJson.status).toBe(422);
    expect(await adminCommitted(admin, group, topic)).toEqual(before);
  });
});

describe('a group with active members', () => {
  let consumer: TestConsumer;
  const active = uniq('active-group');

  beforeAll(async () => {
    consumer = await startConsumer(active, topic, { autocommit: true });
    // wait until it has joined and committed something
    for (let i = 0; i < 100; i++) {
      const c = await adminCommitted(admin, active, topic);
      if ([...c.values()].some((v) => v != null)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  afterAll(async () => {
    await consumer.close();
    await deleteGroupQuietly(admin, active);
  });

  it('can be previewed but not reset or deleted, and says why', async () => {
    const before = await adminCommitted(admin, active, topic);
    const pre = await api<ResetOffsetsResult>('POST', url(active), { topic, strategy: 'earliest', dryRun: true });
    expect(pre.status).toBe(200);
    const res = await api<{ error: { code: string; message: string } }>('POST', url(active), { topic, strategy: 'earliest', dryRun: false });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('NON_EMPTY_GROUP');
    expect(res.body.error.message).toMatch(/active member.*only lets you change a group's offsets while it is empty/);
    const del = await api<{ error: { code: string } }>('DELETE', `/api/clusters/local/consumer-groups/${active}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('NON_EMPTY_GROUP');
    expect(await adminCommitted(admin, active, topic)).toEqual(before);
  });
});

describe('deleting a group', () => {
  it('deletes an empty group, then answers 404 for it', async () => {
    const g = uniq('doomed');
    await admin.setOffsets(g, topic, [{ partition: 0, offset: 1 }]);
    const res = await api('DELETE', `/api/clusters/local/consumer-groups/${g}`);
    expect(res.status).toBe(200);
    expect(await admin.groupIds()).not.toContain(g);
    const list = await api<GroupList>('GET', '/api/clusters/local/consumer-groups');
    expect(list.body.groups.map((x) => x.groupId)).not.toContain(g);
    const again = await api('DELETE', `/api/clusters/local/consumer-groups/${g}`);
    expect(again.status).toBe(404);
  });

  it('is refused on a read-only cluster', async () => {
    const res = await api('DELETE', `/api/clusters/local-ro/consumer-groups/${group}`);
    expect(res.status).toBe(403);
    const reset = await api('POST', `/api/clusters/local-ro/consumer-groups/${group}/offsets`, { topic, strategy: 'earliest', dryRun: false });
    expect(reset.status).toBe(403);
  });
});
