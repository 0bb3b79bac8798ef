import { Kafka, logLevel } from 'kafkajs';
import { describeQuorum } from '@/lib/server/kafka/describe-quorum';
import type { BenchCase } from '../harness';
import { summarize } from '../stats';

/**
 * GET /api/clusters/local (warm) against the ceiling for anything built on KafkaJS: the same
 * three Kafka requests (metadata for the cluster and all topics, broker DescribeConfigs) made
 * by a bare, already-connected KafkaJS admin in this process.
 */
const benchCase: BenchCase = {
  name: 'overview',
  description: 'Cluster overview API latency vs the same KafkaJS calls made directly',
  target: 'p50 < 100 ms warm; (riffle − HTTP floor) / kafkajs ≤ 2',
  async run(ctx) {
    const riffle = await ctx.timed(
      async () => {
        const res = await ctx.fetch('/api/clusters/local');
        if (!res.ok) throw new Error(`overview answered ${res.status}`);
        await res.json();
      },
      { warmup: 5, repeats: 40 },
    );

    // The framework floor: /api/health answers from a 1.5 s cache, so it is Next.js + JSON only.
    const floor = await ctx.timed(async () => void (await (await ctx.fetch('/api/health')).json()), { warmup: 5, repeats: 40 });

    const kafka = new Kafka({ clientId: 'bench-overview', brokers: ctx.brokers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const kafkajs = await ctx.timed(
      async () => {
        const [{ brokers }] = await Promise.all([admin.describeCluster(), admin.fetchTopicMetadata({ topics: [] }), describeQuorum(kafka)]);
        await admin.describeConfigs({
          includeSynonyms: false,
          resources: brokers.map((b) => ({ type: 4, name: String(b.nodeId), configNames: ['process.roles', 'controller.quorum.voters'] })),
        });
      },
      { warmup: 5, repeats: 40 },
    );
    await admin.disconnect();

    const r = summarize(riffle).median;
    const k = summarize(kafkajs).median;
    const f = summarize(floor).median;
    return {
      metrics: [
        { name: 'GET /api/clusters/local', unit: 'ms', samples: riffle, better: 'lower' },
        { name: 'raw KafkaJS (same 4 requests)', unit: 'ms', samples: kafkajs, better: 'lower' },
        { name: 'framework floor (GET /api/health, cached)', unit: 'ms', samples: floor, better: 'lower' },
      ],
      comparisons: [
        { name: 'overview latency', subject: 'riffle', baseline: 'kafkajs', ratio: r / k },
        { name: 'overview minus HTTP floor', subject: 'riffle − floor', baseline: 'kafkajs', ratio: (r - f) / k, target: '≤ 2', met: (r - f) / k <= 2 && r < 100 },
      ],
      notes: ['Kafka requests per overview call: 4 (Metadata for brokers, Metadata for all topics, DescribeQuorum, DescribeConfigs for all brokers; KafkaJS adds a metadata refresh before DescribeConfigs)'],
    };
  },
};
export default benchCase;
