import { Kafka, logLevel, type Admin } from 'kafkajs';

import type { BenchCase } from '../harness';

const TOPICS = 200;
const GROUPS = 500;
const CONCURRENCY = 20;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

interface ListBody {
  groups: { groupId: string; totalLag: number | null }[];
  kafkaRequests: number;
  sampler: { lastCycle?: { durationMs: number; requests: number; groups: number; partitions: number } | null };
}

/** The naive way, with KafkaJS's admin: per-group offsets and per-topic end offsets. */
async function naiveLag(admin: Admin): Promise<number> {
  const { groups } = await admin.listGroups();
  const ids = groups.filter((g) => g.protocolType === 'consumer' || g.protocolType === '').map((g) => g.groupId);
  await admin.describeGroups(ids);
  const ends = new Map<string, Promise<{ partition: number; offset: string }[]>>();
  let total = 0;
  await inBatches(ids, 50, async (groupId) => {
    const offsets = await admin.fetchOffsets({ groupId });
    for (const t of offsets) {
      if (!ends.has(t.topic)) ends.set(t.topic, admin.fetchTopicOffsets(t.topic).catch(() => []));
      const end = await ends.get(t.topic)!;
      for (const p of t.partitions) {
        const e = end.find((x) => x.partition === p.partition);
        if (e && Number(p.offset) >= 0) total += Number(e.offset) - Number(p.offset);
      }
    }
  });
  return total;
}

const benchCase: BenchCase = {
  name: 'groups-list',
  description: `GET /consumer-groups with ${GROUPS} groups over ${TOPICS} topics (lag for every group), vs the naive per-group KafkaJS admin calls; the sampler's cost per cycle`,
  target: 'p50 < 500 ms warm with 500 groups; faster than naive KafkaJS; Kafka requests per call independent of the group count except one pipelined OffsetFetch per group',
  async run(ctx) {
    const kafka = new Kafka({ clientId: 'bench-groups', brokers: ctx.brokers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const topics = Array.from({ length: TOPICS }, (_, i) => `${ctx.tmpPrefix}-t${i}`);
    const groups = Array.from({ length: GROUPS }, (_, i) => `${ctx.tmpPrefix}-g${i}`);
    try {
      ctx.log(`creating ${TOPICS} topics`);
      for (let i = 0; i < topics.length; i += 50) {
        await admin.createTopics({ topics: topics.slice(i, i + 50).map((topic) => ({ topic, numPartitions: 2 })), waitForLeaders: false });
      }
      const deadline = Date.now() + 120_000;
      for (;;) {
        const known = new Set(await admin.listTopics());
        if (topics.every((t) => known.has(t))) break;
        if (Date.now() > deadline) throw new Error('topics did not appear within 2 min');
        await new Promise((r) => setTimeout(r, 500));
      }
      await new Promise((r) => setTimeout(r, 2_000)); // leaders settle
      const producer = kafka.producer();
      await producer.connect();
      for (let i = 0; i < topics.length; i += 50) {
        await producer.sendBatch({ topicMessages: topics.slice(i, i + 50).map((topic) => ({ topic, messages: Array.from({ length: 20 }, (_, k) => ({ value: `m${k}`, partition: k % 2 })) })) });
      }
      await producer.disconnect();
      ctx.log(`committing offsets for ${GROUPS} groups`);
      await inBatches(groups.map((g, i) => [g, i] as const), CONCURRENCY, async ([groupId, i]) => {
        await admin.setOffsets({ groupId, topic: topics[i % TOPICS]!, partitions: [{ partition: 0, offset: String(i % 10) }, { partition: 1, offset: '3' }] });
      });

      let body: ListBody | undefined;
      const riffle = await ctx.timed(
        async () => {
          const res = await ctx.fetch('/api/clusters/local/consumer-groups');
          if (!res.ok) throw new Error(`groups list answered ${res.status}`);
          body = (await res.json()) as ListBody;
        },
        { warmup: 3, repeats: 20 },
      );
      const mine = body!.groups.filter((g) => g.groupId.startsWith(ctx.tmpPrefix));
      if (mine.length !== GROUPS) throw new Error(`the list has ${mine.length} of the ${GROUPS} groups`);
      const totalGroups = body!.groups.length;

      const naive = await ctx.timed(() => naiveLag(admin), { warmup: 1, repeats: 5 });

      // The sampler records a cycle on its interval; wait for one that saw our groups.
      let cycle: NonNullable<ListBody['sampler']['lastCycle']> | undefined;
      const until = Date.now() + 60_000;
      while (Date.now() < until) {
        const res = await ctx.fetch('/api/clusters/local/consumer-groups');
        const b = (await res.json()) as ListBody;
        if (b.sampler.lastCycle && b.sampler.lastCycle.groups >= GROUPS) {
          cycle = b.sampler.lastCycle;
          break;
        }
        await new Promise((r) => setTimeout(r, 1_000));
      }

      const r = median(riffle);
      const k = median(naive);
      return {
        metrics: [
          { name: `GET /consumer-groups (${totalGroups} groups, ${GROUPS} of them ours)`, unit: 'ms', samples: riffle, better: 'lower' },
          { name: 'naive KafkaJS admin (per-group fetchOffsets, per-topic fetchTopicOffsets)', unit: 'ms', samples: naive, better: 'lower' },
          ...(cycle ? [{ name: 'sampler cycle (one snapshot + database write)', unit: 'ms', samples: [cycle.durationMs], better: 'lower' as const }] : []),
        ],
        comparisons: [{ name: 'groups list latency', subject: 'riffle', baseline: 'naive kafkajs', ratio: r / k, target: '< 1 and p50 < 500 ms', met: r / k < 1 && r < 500 }],
        notes: [
          `Kafka requests per list call: ${body!.kafkaRequests} for ${totalGroups} groups (ListGroups per broker, DescribeGroups per coordinator, Metadata, 3 ListOffsets per leader, one pipelined OffsetFetch per group; coordinators cached)`,
          cycle ? `sampler cycle: ${Math.round(cycle.durationMs)} ms, ${cycle.requests} Kafka requests, ${cycle.groups} groups, ${cycle.partitions} partition rows` : 'no sampler cycle observed within 60 s (is RIFFLE_LAG_SAMPLE_MS 0, or another instance sampling?)',
        ],
      };
    } finally {
      ctx.log('cleaning up');
      for (let i = 0; i < groups.length; i += 100) await admin.deleteGroups(groups.slice(i, i + 100)).catch(() => {});
      for (let i = 0; i < topics.length; i += 50) await admin.deleteTopics({ topics: topics.slice(i, i + 50) }).catch(() => {});
      await admin.disconnect();
    }
  },
};
export default benchCase;
