import { describe, expect, it } from 'vitest';
import type { ScannedTopic } from './metadata';
import { freshness, sortedIndexOf, TopicIndex, type IndexLoader } from './topic-index';
import { orderTopics } from './topic-list-order';

const topic = (name: string, partitions = 1, under = 0): ScannedTopic => ({
  name,
  internal: name.startsWith('__'),
  partitions: Array.from({ length: partitions }, (_, i) => ({ partition: i, leader: 1, replicas: [1, 2], isr: i < under ? [1] : [1, 2], offlineReplicas: [] })),
});

/** A loader that answers when told to, counting its calls: the index's own logic, no Kafka. */
function gatedLoader(initial: ScannedTopic[]) {
  let topics = initial;
  const pending: (() => void)[] = [];
  const loader: IndexLoader = () => new Promise((resolve) => pending.push(() => resolve({ topics, liveBrokers: 3 })));
  return {
    loader,
    set: (t: ScannedTopic[]) => (topics = t),
    release: () => pending.splice(0).forEach((f) => f()),
    waiting: () => pending.length,
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

/** An index (10 s max age, 60 s stale limit) on `clock`, after its first read has landed. */
async function readIndex(g: ReturnType<typeof gatedLoader>, clock: { now: number }): Promise<TopicIndex> {
  const index = new TopicIndex(g.loader, () => ({ maxAgeMs: 10_000, maxStaleMs: 60_000 }), () => clock.now);
  const first = index.get();
  await tick();
  g.release();
  await first;
  return index;
}

describe('freshness', () => {
  const s = { maxAgeMs: 30_000, maxStaleMs: 300_000 };
  it('is none without an index, fresh up to the max age, stale up to the hard limit, then expired', () => {
    expect(freshness(null, s)).toBe('none');
    expect(freshness(0, s)).toBe('fresh');
    expect(freshness(30_000, s)).toBe('fresh');
    expect(freshness(30_001, s)).toBe('stale');
    expect(freshness(300_000, s)).toBe('stale');
    expect(freshness(300_001, s)).toBe('expired');
  });
});

describe('freshness of a cluster cheap to read', () => {
  const s = { maxAgeMs: 30_000, maxStaleMs: 300_000, cheapReadMs: 250 };
  it('keeps its index 2 s and never serves it stale; a costly read keeps the long age and the stale window', () => {
    expect(freshness(2_000, s, 40)).toBe('fresh');
    expect(freshness(2_001, s, 40)).toBe('expired');
    expect(freshness(2_001, s, 250)).toBe('fresh');
    expect(freshness(30_001, s, 8_000)).toBe('stale');
    expect(freshness(2_001, { ...s, cheapReadMs: 0 }, 40)).toBe('fresh');
    expect(freshness(1_500, { ...s, maxAgeMs: 1_000 }, 40)).toBe('expired');
  });

  it('waits for a new read of a small cluster once 2 s old, so another client\'s topic is in the next call', async () => {
    let topics = [topic('a')];
    let now = 0;
    const index = new TopicIndex(async () => ({ topics, liveBrokers: 1 }), () => s, () => now);
    expect((await index.get()).read).toBe('cold');
    topics = [topic('a'), topic('made-by-kcat')];
    now = 1_900;
    expect((await index.get()).snapshot.names).toEqual(['a']);
    now = 2_500;
    const v = await index.get();
    expect(v.read).toBe('expired');
    expect(v.snapshot.names).toEqual(['a', 'made-by-kcat']);
  });
});

describe('TopicIndex', () => {
  it('makes concurrent cold callers share one read, and says they waited for it', async () => {
    const g = gatedLoader([topic('b'), topic('a')]);
    let now = 1_000;
    const index = new TopicIndex(g.loader, () => ({ maxAgeMs: 10_000, maxStaleMs: 60_000 }), () => now);
    const calls = Promise.all([index.get(), index.get(), index.get()]);
    await tick();
    expect(g.waiting()).toBe(1);
    now += 500;
    g.release();
    const views = await calls;
    expect(index.reads).toBe(1);
    for (const v of views) {
      expect(v.read).toBe('cold');
      expect(v.snapshot.names).toEqual(['a', 'b']);
      expect(v.ageMs).toBe(500);
    }
  });

  it('serves a fresh index as is, a stale one while one background read runs, an expired one after a read', async () => {
    const g = gatedLoader([topic('a')]);
    const clock = { now: 0 };
    const index = await readIndex(g, clock);
    clock.now = 5_000;
    expect((await index.get()).read).toBe('warm');
    expect(index.reads).toBe(1);

    g.set([topic('a'), topic('c')]);
    clock.now = 20_000;
    const stale = await index.get();
    expect(stale.read).toBe('stale');
    expect(stale.ageMs).toBe(20_000);
    expect(stale.snapshot.names).toEqual(['a']);
    expect((await index.get()).read).toBe('stale'); // the same background read, not a second
    expect(index.reads).toBe(2);
    g.release();
    await tick();
    const after = await index.get();
    expect(after.read).toBe('warm');
    expect(after.snapshot.names).toEqual(['a', 'c']);

    clock.now = 20_000 + 61_000;
    const expired = index.get();
    await tick();
    expect(index.reads).toBe(3);
    g.release();
    expect((await expired).read).toBe('expired');
  });

  it("keeps the console's own create and delete through a read that was sent before them", async () => {
    const g = gatedLoader([topic('a'), topic('gone')]);
    const clock = { now: 0 };
    const index = await readIndex(g, clock);
    clock.now = 20_000;
    await index.get(); // a background read starts, and sees the cluster as it was
    clock.now = 20_100;
    index.upsert(topic('new', 3));
    index.remove('gone');
    expect((await index.get()).snapshot.names).toEqual(['a', 'new']);
    g.release();
    await tick();
    const v = await index.get();
    expect(v.snapshot.names).toEqual(['a', 'new']);
    expect(v.snapshot.topics.get('new')?.partitions.length).toBe(3);
    expect(v.snapshot.topics.has('gone')).toBe(false);
  });

  it('forces a read on refresh, and a failed read reaches the caller who waited for it', async () => {
    let fail = true;
    const index = new TopicIndex(
      async () => {
        if (fail) throw new Error('no broker');
        return { topics: [topic('a')], liveBrokers: 1 };
      },
      () => ({ maxAgeMs: 10_000, maxStaleMs: 60_000 }),
    );
    await expect(index.get()).rejects.toThrow('no broker');
    fail = false;
    expect((await index.get()).read).toBe('cold');
    expect((await index.get({ force: true })).read).toBe('forced');
    expect(index.reads).toBe(3);
  });
});

describe('sortedIndexOf', () => {
  it('finds a name or where it goes', () => {
    expect(sortedIndexOf(['a', 'c', 'e'], 'c')).toBe(1);
    expect(sortedIndexOf(['a', 'c', 'e'], 'd')).toBe(2);
    expect(sortedIndexOf([], 'x')).toBe(0);
  });
});

describe('orderTopics', () => {
  const all = [topic('__consumer_offsets', 50), topic('a.b', 2), topic('a_b', 1), topic('big', 8, 2), topic('zed', 8)];
  const names = all.map((t) => t.name);
  const byName = new Map(all.map((t) => [t.name, t]));
  const q = { search: '', internal: false, sort: 'name' as const, dir: 'asc' as const };
  const order = (o: Partial<Parameters<typeof orderTopics>[2]>) => orderTopics(names, byName, { ...q, ...o }).map((t) => t.name);

  it('hides internal topics unless asked, searches case-blind, and sorts by name both ways', () => {
    expect(order({})).toEqual(['a.b', 'a_b', 'big', 'zed']);
    expect(order({ internal: true })[0]).toBe('__consumer_offsets');
    expect(order({ search: 'B' })).toEqual(['a.b', 'a_b', 'big']);
    expect(order({ dir: 'desc' })).toEqual(['zed', 'big', 'a_b', 'a.b']);
  });

  it('sorts by partitions and under-replication with ties by name, and finds metric-name collisions', () => {
    expect(order({ sort: 'partitions', dir: 'desc' })).toEqual(['big', 'zed', 'a.b', 'a_b']);
    expect(order({ sort: 'underReplicated', dir: 'desc' })[0]).toBe('big');
    expect(order({ collidesWith: 'a_b' })).toEqual(['a.b']);
  });

  it('leaves sorting by messages to the caller (it needs offsets)', () => {
    expect(order({ sort: 'messages', dir: 'desc' })).toEqual(['a.b', 'a_b', 'big', 'zed']);
  });
});
