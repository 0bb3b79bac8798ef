import type { BenchCase } from '../harness';
import { rawAdmin, rawMetadata, seedConnection } from '../lib/raw-kafka';
import { benchAdmin } from '../lib/topics';
import { summarize } from '../stats';

/**
 * GET /api/clusters/local/topics on a cluster with many topics (default 5,000 × 3 partitions;
 * BENCH_TOPICS / BENCH_TOPIC_PARTITIONS scale it down on a shared or small broker).
 *
 * Baselines in the same run, from a bare @platformatic/kafka client (the library the console
 * uses): the floor (one Metadata request for every topic, which any list must make) and the
 * naive console (per topic of one page of 100: metadata for the topic, then its earliest and
 * latest offsets, as KafkaJS's fetchTopicOffsets did: a round trip per topic).
 */
const COUNT = Number(process.env.BENCH_TOPICS ?? 5000);
const PARTITIONS = Number(process.env.BENCH_TOPIC_PARTITIONS ?? 3);
const BATCH = 250; // topics per CreateTopics/DeleteTopics request: bounded work per call for the broker

const benchCase: BenchCase = {
  name: 'topics-list',
  description: `Topics list API with ${COUNT.toLocaleString('en-US')} topics × ${PARTITIONS} partitions, vs the Metadata floor and a per-topic console`,
  target: 'p50 < 300 ms warm (sorted by name, 100 rows)',
  async run(ctx) {
    const admin = rawAdmin(ctx.brokers, 'bench-topics-list');
    const naiveClient = benchAdmin(ctx.brokers, 'bench-topics-list-naive');
    const names = Array.from({ length: COUNT }, (_, i) => `${ctx.tmpPrefix}-${String(i).padStart(5, '0')}`);
    try {
      const created = performance.now();
      for (let i = 0; i < names.length; i += BATCH) {
        await admin.createTopics({ topics: names.slice(i, i + BATCH), partitions: PARTITIONS, replicas: 1 });
      }
      // Wait until the console sees them all (leaders elected, metadata propagated).
      for (let i = 0; ; i++) {
        const res = await ctx.fetch(`/api/clusters/local/topics?search=${encodeURIComponent(ctx.tmpPrefix)}&limit=1`);
        const body = (await res.json()) as { total?: number };
        if (body.total === COUNT) break;
        if (i > 600) throw new Error(`only ${body.total} of ${COUNT} topics visible after 5 minutes`);
        await new Promise((r) => setTimeout(r, 500));
      }
      ctx.log(`created ${COUNT} topics × ${PARTITIONS} partitions in ${Math.round(performance.now() - created)} ms`);

      let requestsByName = 0;
      let requestsByMessages = 0;
      let scanned = 0;
      const scanMs: number[] = [];
      const restMs: number[] = [];
      const call = (qs: string, record: (n: number, s: number) => void) => async () => {
        const res = await ctx.fetch(`/api/clusters/local/topics?${qs}`);
        if (!res.ok) throw new Error(`topics answered ${res.status}: ${await res.text()}`);
        const body = (await res.json()) as { stats: { kafkaRequests: number; topicsScanned: number; scanMs: number; offsetsMs: number } };
        record(body.stats.kafkaRequests, body.stats.topicsScanned);
        if (qs === 'limit=100') {
          scanMs.push(body.stats.scanMs);
          restMs.push(body.stats.offsetsMs);
        }
      };
      const byName = await ctx.timed(call('limit=100', (n, s) => ((requestsByName = n), (scanned = s))), { warmup: 3, repeats: 20 });
      const search = await ctx.timed(call(`limit=100&search=${encodeURIComponent(`${ctx.tmpPrefix}-0424`)}`, () => {}), { warmup: 2, repeats: 10 });
      const byMessages = await ctx.timed(call('limit=100&sort=messages&dir=desc', (n) => (requestsByMessages = n)), { warmup: 2, repeats: 10 });

      const connection = await seedConnection(admin, ctx.brokers);
      const floor = await ctx.timed(() => rawMetadata(connection, null), { warmup: 3, repeats: 20 });
      const page = names.slice(0, 100);
      const naive = await ctx.timed(
        async () => {
          for (const t of page) await naiveClient.topicOffsets(t);
        },
        { warmup: 1, repeats: 3 },
      );

      const r = summarize(byName).median;
      const p95 = summarize(byName).p95 ?? NaN;
      return {
        metrics: [
          { name: `GET /topics sorted by name, 100 rows (${scanned} topics scanned)`, unit: 'ms', samples: byName, better: 'lower' },
          { name: 'GET /topics with a search', unit: 'ms', samples: search, better: 'lower' },
          { name: 'GET /topics sorted by messages (offsets of every topic)', unit: 'ms', samples: byMessages, better: 'lower' },
          { name: 'floor: one Metadata request for every topic (raw @platformatic/kafka)', unit: 'ms', samples: floor, better: 'lower' },
          { name: 'naive: metadata + earliest + latest offsets per topic, 100 topics (@platformatic/kafka Admin)', unit: 'ms', samples: naive, better: 'lower' },
        ],
        comparisons: [
          { name: 'list page vs Metadata floor', subject: 'riffle', baseline: 'raw metadata', ratio: r / summarize(floor).median },
          { name: 'list page vs per-topic console', subject: 'riffle', baseline: 'per-topic console', ratio: r / summarize(naive).median, target: '< 1', met: r < summarize(naive).median },
          { name: 'p50 warm (ms)', subject: 'riffle', baseline: '300 ms target', ratio: r / 300, target: '< 1', met: r < 300 },
        ],
        notes: [
          `Kafka requests per list call: ${requestsByName} sorted by name (1 Metadata, 2 ListOffsets per leader for the page, 1 DescribeConfigs), ${requestsByMessages} sorted by messages`,
          `p95 sorted by name: ${Math.round(p95)} ms; inside the server, median ${Math.round(summarize(scanMs).median)} ms in the Metadata scan and ${Math.round(summarize(restMs).median)} ms in offsets, configs and sorting`,
          `${COUNT} topics × ${PARTITIONS} partitions, created in batches of ${BATCH}`,
        ],
      };
    } finally {
      const existing = new Set((await admin.listTopics().catch(() => names)).filter((n) => n.startsWith(ctx.tmpPrefix)));
      const mine = names.filter((n) => existing.has(n));
      for (let i = 0; i < mine.length; i += BATCH) {
        await admin.deleteTopics({ topics: mine.slice(i, i + BATCH) }).catch((err: Error) => ctx.log(`delete batch ${i}: ${err.message}`));
      }
      await Promise.all([admin.close(), naiveClient.close()]);
    }
  },
};
export default benchCase;
