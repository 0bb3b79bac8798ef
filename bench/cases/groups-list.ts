import { Admin, connectionsApiChannel, Producer } from '@platformatic/kafka';

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

/**
 * The console's offsets layer, in this process, on the cluster under test: the same
 * committedOffsets() the list uses, batched (OffsetFetch v8+) or forced one request per group
 * (the path it took before, and still takes for brokers older than Kafka 3.0).
 */
async function offsetsLayer(brokers: string) {
  process.env.KAFKA_BROKERS = brokers;
  process.env.RIFFLE_CLUSTERS = '';
  const [offsets, client] = await Promise.all([import('@/lib/server/kafka/committed-offsets'), import('@/lib/server/kafka/client')]);
  return { committedOffsets: offsets.committedOffsets, RequestCounter: client.RequestCounter };
}

// Every request any @platformatic/kafka connection in this process sends (the baseline runs alone).
let requestsSent = 0;
connectionsApiChannel.start.subscribe(() => requestsSent++);

/** The naive way, with a raw @platformatic/kafka admin: per-group offsets and per-topic end offsets. */
async function naiveLag(admin: Admin): Promise<number> {
  const listed = await admin.listGroups({ types: ['classic', 'consumer'] });
  const ids = [...listed.values()].filter((g) => g.protocolType === 'consumer' || g.protocolType === '').map((g) => g.id);
  await admin.describeGroups({ groups: ids });
  const ends = new Map<string, Promise<Map<number, bigint>>>();
  const endsOf = async (topic: string) => {
    const md = await admin.metadata({ topics: [topic] });
    const n = md.topics.get(topic)?.partitionsCount ?? 0;
    const [t] = await admin.listOffsets({ topics: [{ name: topic, partitions: Array.from({ length: n }, (_, partitionIndex) => ({ partitionIndex, timestamp: -1n })) }] });
    return new Map((t?.partitions ?? []).map((p) => [p.partitionIndex, p.offset] as const));
  };
  let total = 0;
  await inBatches(ids, 50, async (groupId) => {
    const [offsets] = await admin.listConsumerGroupOffsets({ groups: [groupId] });
    for (const t of offsets?.topics ?? []) {
      if (!ends.has(t.name)) ends.set(t.name, endsOf(t.name).catch(() => new Map()));
      const end = await ends.get(t.name)!;
      for (const p of t.partitions) {
        const e = end.get(p.partitionIndex);
        if (e !== undefined && p.committedOffset >= 0n) total += Number(e - p.committedOffset);
      }
    }
  });
  return total;
}

const benchCase: BenchCase = {
  name: 'groups-list',
  description: `GET /consumer-groups with ${GROUPS} groups over ${TOPICS} topics (lag for every group), vs naive per-group calls of a raw @platformatic/kafka admin; the sampler's cost per cycle`,
  target: 'p50 < 500 ms warm with 500 groups; faster than the naive admin; Kafka requests per call independent of the group count (one OffsetFetch per coordinator per 500 groups)',
  async run(ctx) {
    const admin = new Admin({ clientId: 'bench-groups', bootstrapBrokers: ctx.brokers.split(','), retries: 3 });
    const topics = Array.from({ length: TOPICS }, (_, i) => `${ctx.tmpPrefix}-t${i}`);
    const groups = Array.from({ length: GROUPS }, (_, i) => `${ctx.tmpPrefix}-g${i}`);
    try {
      ctx.log(`creating ${TOPICS} topics`);
      for (let i = 0; i < topics.length; i += 50) {
        await admin.createTopics({ topics: topics.slice(i, i + 50), partitions: 2, replicas: -1 });
      }
      const deadline = Date.now() + 120_000;
      for (;;) {
        const known = new Set(await admin.listTopics({ includeInternals: false }));
        if (topics.every((t) => known.has(t))) break;
        if (Date.now() > deadline) throw new Error('topics did not appear within 2 min');
        await new Promise((r) => setTimeout(r, 500));
      }
      await new Promise((r) => setTimeout(r, 2_000)); // leaders settle
      const producer = new Producer({ clientId: 'bench-groups-producer', bootstrapBrokers: ctx.brokers.split(','), acks: -1, retries: 3 });
      for (let i = 0; i < topics.length; i += 50) {
        await producer.send({ messages: topics.slice(i, i + 50).flatMap((topic) => Array.from({ length: 20 }, (_, k) => ({ topic, value: Buffer.from(`m${k}`), partition: k % 2 }))) });
      }
      await producer.close();
      ctx.log(`committing offsets for ${GROUPS} groups`);
      await inBatches(groups.map((g, i) => [g, i] as const), CONCURRENCY, async ([groupId, i]) => {
        await admin.alterConsumerGroupOffsets({ groupId, topics: [{ name: topics[i % TOPICS]!, partitionOffsets: [{ partition: 0, offset: BigInt(i % 10) }, { partition: 1, offset: 3n }] }] });
      });

      let body: ListBody | undefined;
      const listRequests: number[] = [];
      const riffle = await ctx.timed(
        async () => {
          const res = await ctx.fetch('/api/clusters/local/consumer-groups');
          if (!res.ok) throw new Error(`groups list answered ${res.status}`);
          body = (await res.json()) as ListBody;
          listRequests.push(body.kafkaRequests);
        },
        { warmup: 3, repeats: 20 },
      );
      const coldRequests = listRequests[0]!; // the first call also looks every coordinator up
      listRequests.splice(0, 3); // warm-up calls
      const mine = body!.groups.filter((g) => g.groupId.startsWith(ctx.tmpPrefix));
      if (mine.length !== GROUPS) throw new Error(`the list has ${mine.length} of the ${GROUPS} groups`);
      const totalGroups = body!.groups.length;

      const naiveRequests: number[] = [];
      const naive = await ctx.timed(
        async () => {
          const before = requestsSent;
          await naiveLag(admin);
          naiveRequests.push(requestsSent - before);
        },
        { warmup: 1, repeats: 5 },
      );
      naiveRequests.shift();

      // Committed offsets alone, batched vs one OffsetFetch per group, through the same code.
      const layer = await offsetsLayer(ctx.brokers);
      const ids = body!.groups.map((g) => g.groupId);
      const offsetsCall = (perGroup: boolean, counts: number[]) => async () => {
        const counter = new layer.RequestCounter();
        const got = await layer.committedOffsets('local', ids, counter, { perGroup });
        if (got.size !== ids.length) throw new Error(`offsets for ${got.size} of ${ids.length} groups`);
        counts.push(counter.count);
      };
      const batchedCounts: number[] = [];
      const perGroupCounts: number[] = [];
      const batched = await ctx.timed(offsetsCall(false, batchedCounts), { warmup: 2, repeats: 20 });
      const perGroup = await ctx.timed(offsetsCall(true, perGroupCounts), { warmup: 2, repeats: 20 });
      batchedCounts.splice(0, 2);
      perGroupCounts.splice(0, 2);

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
          { name: 'naive @platformatic/kafka admin (per-group listConsumerGroupOffsets, per-topic listOffsets)', unit: 'ms', samples: naive, better: 'lower' },
          { name: `Kafka requests per list call (${totalGroups} groups)`, unit: 'requests', samples: listRequests, better: 'lower' },
          { name: 'Kafka requests per naive admin call', unit: 'requests', samples: naiveRequests, better: 'lower' },
          { name: `committed offsets of ${ids.length} groups, batched (OffsetFetch v8+ per coordinator)`, unit: 'ms', samples: batched, better: 'lower' },
          { name: `committed offsets of ${ids.length} groups, one OffsetFetch per group (pipelined)`, unit: 'ms', samples: perGroup, better: 'lower' },
          ...(cycle ? [{ name: 'sampler cycle (one snapshot + database write)', unit: 'ms', samples: [cycle.durationMs], better: 'lower' as const }] : []),
        ],
        comparisons: [
          { name: 'groups list latency', subject: 'riffle', baseline: 'naive @platformatic/kafka admin', ratio: r / k, target: '< 1 and p50 < 500 ms', met: r / k < 1 && r < 500 },
          { name: 'committed offsets latency', subject: 'batched OffsetFetch', baseline: 'one OffsetFetch per group', ratio: median(batched) / median(perGroup), target: '< 1', met: median(batched) < median(perGroup) },
          {
            name: 'Kafka requests per list call',
            subject: 'riffle',
            baseline: 'naive @platformatic/kafka admin',
            ratio: median(listRequests) / median(naiveRequests),
            // ListGroups, Metadata, 3 ListOffsets; DescribeGroups and OffsetFetch per 500 groups.
            target: `≤ ${5 + 2 * Math.ceil(totalGroups / 500)} on one broker (no request per group)`,
            met: median(listRequests) <= 5 + 2 * Math.ceil(totalGroups / 500),
          },
        ],
        notes: [
          `Kafka requests per list call (warm): median ${median(listRequests)} for ${totalGroups} groups — ListGroups per broker, DescribeGroups and OffsetFetch v8+ per coordinator per 500 groups, Metadata, 3 ListOffsets per leader; coordinators cached (one batched FindCoordinator v4 for those that aren't). The first (cold) call: ${coldRequests}. Naive @platformatic/kafka admin: median ${median(naiveRequests)}.`,
          `committed offsets alone: batched ${median(batchedCounts)} request(s) per call vs ${median(perGroupCounts)} with one OffsetFetch per group`,
          cycle ? `sampler cycle: ${Math.round(cycle.durationMs)} ms, ${cycle.requests} Kafka requests, ${cycle.groups} groups, ${cycle.partitions} partition rows` : 'no sampler cycle observed within 60 s (is RIFFLE_LAG_SAMPLE_MS 0, or another instance sampling?)',
        ],
      };
    } finally {
      ctx.log('cleaning up');
      for (let i = 0; i < groups.length; i += 100) await admin.deleteGroups({ groups: groups.slice(i, i + 100) }).catch(() => {});
      for (let i = 0; i < topics.length; i += 50) await admin.deleteTopics({ topics: topics.slice(i, i + 50) }).catch(() => {});
      await admin.close();
    }
  },
};
export default benchCase;
