import { Consumer, MessagesStreamModes } from '@platformatic/kafka';
import { TestAdmin } from '../../test/helpers/kafka-admin';
import type { BenchCase } from '../harness';
import { messageCount, readEvents } from '../lib/sse';
import { fillLines } from '../lib/topics';
import { summarize } from '../stats';

/**
 * Time from opening a tail to the first event already waiting (from=tail:1), against the
 * design the console did not take: a fresh consumer group per tail (join + fetch), with the
 * client the console is built on (@platformatic/kafka).
 */
const benchCase: BenchCase = {
  name: 'tail-first-event',
  description: 'Time to first waiting event of a new live tail',
  target: 'p50 < 300 ms',
  async run(ctx) {
    const admin = new TestAdmin('riffle-bench', ctx.brokers);
    const topic = `${ctx.tmpPrefix}-first`;
    await admin.createTopics([{ topic, numPartitions: 3 }]);
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
        const consumer = new Consumer({ clientId: 'riffle-bench', bootstrapBrokers: ctx.brokers.split(','), groupId, autocommit: false });
        const t = performance.now();
        const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false });
        await new Promise<void>((resolve) => stream.once('data', () => resolve()));
        groups.push(performance.now() - t);
        await stream.close().catch(() => {});
        await consumer.close(true).catch(() => {});
        await admin.deleteGroups([groupId]).catch(() => {});
      }
      const r = summarize(riffle).median;
      return {
        metrics: [
          { name: 'riffle tail, first event', unit: 'ms', samples: riffle, better: 'lower' },
          { name: 'fresh consumer group (@platformatic/kafka), first record', unit: 'ms', samples: groups, better: 'lower' },
        ],
        comparisons: [{ name: 'first event vs fresh group', subject: 'riffle', baseline: 'fresh-group', ratio: r / summarize(groups).median, target: 'p50 < 300 ms', met: r < 300 }],
      };
    } finally {
      await admin.deleteTopics([topic]).catch(() => {});
      await admin.close();
    }
  },
};
export default benchCase;
