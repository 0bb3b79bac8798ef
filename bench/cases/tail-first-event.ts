import type { BenchCase } from '../harness';
import { messageCount, readEvents } from '../lib/sse';
import { benchKafka, fillLines, withTopic } from '../lib/topics';
import { summarize } from '../stats';

/**
 * Time from opening a tail to the first event already waiting (from=tail:1), against the
 * design the console did not take: a fresh KafkaJS consumer group per tail (join + fetch).
 */
const benchCase: BenchCase = {
  name: 'tail-first-event',
  description: 'Time to first waiting event of a new live tail',
  target: 'p50 < 300 ms',
  async run(ctx) {
    const kafka = benchKafka(ctx.brokers);
    const admin = kafka.admin();
    await admin.connect();
    const topic = `${ctx.tmpPrefix}-first`;
    const drop = await withTopic(admin, topic, 3);
    try {
      await ctx.kcat(['-P', '-t', topic], fillLines(300));
      const auth = { authorization: process.env.BENCH_AUTH_HEADER ?? '' };
      const open = async () => {
        await readEvents(`${ctx.baseUrl}/api/clusters/local/topics/${topic}/live?from=tail:1`, auth, (e) => messageCount(e) > 0);
      };
      const riffle = await ctx.timed(open, { warmup: 2, repeats: 20 });
      const groups: number[] = [];
      for (let r = 0; r < 8; r++) {
        const groupId = `${ctx.tmpPrefix}-g${r}`;
        const consumer = kafka.consumer({ groupId });
        const t = performance.now();
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        await new Promise<void>((resolve) => void consumer.run({ autoCommit: false, eachBatch: async () => resolve() }));
        groups.push(performance.now() - t);
        await consumer.disconnect();
        await admin.deleteGroups([groupId]).catch(() => {});
      }
      const r = summarize(riffle).median;
      return {
        metrics: [
          { name: 'riffle tail, first event', unit: 'ms', samples: riffle, better: 'lower' },
          { name: 'fresh KafkaJS group, first batch', unit: 'ms', samples: groups, better: 'lower' },
        ],
        comparisons: [{ name: 'first event vs fresh group', subject: 'riffle', baseline: 'kafkajs-group', ratio: r / summarize(groups).median, target: 'p50 < 300 ms', met: r < 300 }],
      };
    } finally {
      await drop();
      await admin.disconnect();
    }
  },
};
export default benchCase;
