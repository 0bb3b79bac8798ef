import type { BenchCase } from '../harness';
import { benchAdmin, fillLines, withTopic } from '../lib/topics';
import { summarize } from '../stats';

/** Browse 500 messages at an offset of one partition, against kcat reading the same range. */
const benchCase: BenchCase = {
  name: 'browse-500',
  description: 'GET …/messages?partition=0&from=offset:2000&limit=500',
  target: 'p50 < 100 ms',
  async run(ctx) {
    const admin = benchAdmin(ctx.brokers);
    const topic = `${ctx.tmpPrefix}-browse`;
    const drop = await withTopic(admin, topic, 1);
    try {
      await ctx.kcat(['-P', '-t', topic], fillLines(5_000));
      const riffle = await ctx.timed(async () => {
        const res = await ctx.fetch(`/api/clusters/local/topics/${topic}/messages?partition=0&from=offset:2000&limit=500&sort=offset`);
        const body = (await res.json()) as { messages: unknown[] };
        if (!res.ok || body.messages.length !== 500) throw new Error(`browse answered ${res.status} with ${body.messages?.length} messages`);
      });
      const kcat = await ctx.timed(() => ctx.kcat(['-C', '-t', topic, '-p', '0', '-o', '2000', '-c', '500', '-q', '-J']), { warmup: 2, repeats: 10 });
      const r = summarize(riffle).median;
      return {
        metrics: [
          { name: 'riffle browse 500', unit: 'ms', samples: riffle, better: 'lower' },
          { name: 'kcat -C -o 2000 -c 500 (process start included)', unit: 'ms', samples: kcat, better: 'lower' },
        ],
        comparisons: [{ name: 'browse vs kcat', subject: 'riffle', baseline: 'kcat', ratio: r / summarize(kcat).median, target: 'p50 < 100 ms', met: r < 100 }],
      };
    } finally {
      await drop();
      await admin.close();
    }
  },
};
export default benchCase;
