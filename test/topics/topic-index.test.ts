import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicList, type TopicList } from '@/lib/contracts/topics';
import { api, waitFor } from '../helpers/api';
import type { TestAdmin } from '../helpers/kafka-admin';
import { secondOpinionAdmin } from './admin';

/**
 * The topic index behind the topics list (issue 23), on the test server, whose index may be
 * 1 s old (RIFFLE_TOPIC_INDEX_MAX_AGE_MS in scripts/lib.mjs testServerEnv): another client's
 * topic shows within that age, the console's own create and delete show at once, and callers
 * who find no usable index share one whole-cluster read.
 */
const run = `ti-it-${Date.now().toString(36)}`;
const TOPICS = '/api/clusters/local/topics';
const MAX_AGE_MS = 1_000;
let admin: TestAdmin;

const list = async (qs: string): Promise<TopicList> => {
  const res = await api('GET', `${TOPICS}?${qs}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return topicList.parse(res.body);
};
const names = (l: TopicList) => l.topics.map((t) => t.name);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  admin = await secondOpinionAdmin();
});

afterAll(async () => {
  const mine = (await admin.admin.listTopics().catch(() => [] as string[])).filter((n) => n.startsWith(run));
  await admin.deleteTopics(mine).catch(() => {});
  await admin.close();
});

describe('topic index', () => {
  it("shows a topic another client created within the index's max age", async () => {
    await list(`search=${run}`); // the index exists and is fresh
    const t = `${run}-other`;
    await admin.createTopics([{ topic: t, numPartitions: 2 }]);
    const created = Date.now();
    const seen = await waitFor(async () => {
      const l = await list(`search=${run}`);
      return names(l).includes(t) ? l : undefined;
    }, { what: `${t} in the topics list` });
    // within the max age, plus a read and a request's time
    expect(Date.now() - created).toBeLessThan(MAX_AGE_MS + 3_000);
    expect(seen.topics.find((x) => x.name === t)?.partitions).toBe(2);
    expect(seen.indexAgeMs).toBeLessThanOrEqual(MAX_AGE_MS + 3_000);
    expect(Date.parse(seen.indexedAt)).toBeGreaterThan(created - MAX_AGE_MS - 3_000);
  });

  it("shows the console's own new topic at once, and drops a deleted one at once, whatever the index's age", async () => {
    const t = `${run}-mine`;
    await list(`search=${run}`); // a fresh index, which the create must not wait for
    const res = await api('POST', TOPICS, { name: t, partitions: 3, replicationFactor: 1 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const after = await list(`search=${run}`);
    expect(names(after)).toContain(t);
    expect(after.topics.find((x) => x.name === t)?.partitions).toBe(3);
    expect((await api('POST', `${TOPICS}/${t}/partitions`, { count: 5 })).status).toBe(200);
    expect((await list(`search=${t}`)).topics[0]?.partitions).toBe(5);
    expect((await api('DELETE', `${TOPICS}/${t}`)).status).toBe(200);
    const gone = await list(`search=${run}`);
    expect(names(gone)).not.toContain(t);
  });

  it('makes callers with no usable index share one whole-cluster read, and a warm call send none', async () => {
    const warm = await list(`search=${run}`);
    await sleep(MAX_AGE_MS + 300); // past the test server's max age and hard limit: callers must wait
    const calls = await Promise.all(Array.from({ length: 6 }, () => list(`search=${run}`)));
    // one read: every call got the index it made (a call the server reached after it landed found it warm)
    expect(new Set(calls.map((c) => c.indexedAt)).size).toBe(1);
    for (const c of calls) {
      expect(['expired', 'warm']).toContain(c.stats.indexRead);
      expect(c.stats.indexReads).toBe(warm.stats.indexReads + 1);
    }
    expect(calls.filter((c) => c.stats.indexRead === 'expired').length).toBeGreaterThanOrEqual(1);
    const again = await list(`search=${run}`);
    expect(again.stats.indexRead).toBe('warm');
    expect(again.stats.indexReads).toBe(warm.stats.indexReads + 1);
    // a warm call: Metadata, DescribeConfigs and two ListOffsets per leader, for the page only
    expect(again.stats.indexReadMs).toBe(0);
  });

  it('reads the index again when asked to (the page\'s refresh action)', async () => {
    const before = await list(`search=${run}`);
    const forced = await list(`search=${run}&refresh=true`);
    expect(forced.stats.indexRead).toBe('forced');
    expect(forced.stats.indexReads).toBe(before.stats.indexReads + 1);
    expect(Date.parse(forced.indexedAt)).toBeGreaterThanOrEqual(Date.parse(before.indexedAt));
  });

  it('fills a page from the next rows when a listed topic was deleted by another client', async () => {
    const a = `${run}-fill-a`;
    const b = `${run}-fill-b`;
    const c = `${run}-fill-c`;
    await admin.createTopics([{ topic: a }, { topic: b }, { topic: c }]);
    await waitFor(async () => ((await list(`search=${run}-fill`)).total === 3 ? true : undefined), { what: 'the three topics listed' });
    await admin.deleteTopics([a]);
    await waitFor(async () => (!(await admin.admin.listTopics()).includes(a) ? true : undefined), { what: `${a} deleted` });
    // the index (≤ 1 s old) may still name a: then the page asks Kafka, finds it gone, and takes the next row
    const page = await list(`search=${run}-fill&limit=2`);
    expect(names(page)).toEqual([b, c]);
    expect(page.total).toBe(2);
  });
});
