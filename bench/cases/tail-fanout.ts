import type { BenchCase } from '../harness';
import { TestAdmin } from '../../test/helpers/kafka-admin';
import { benchProducer, producePaced } from '../lib/paced-producer';
import { groupUsage } from '../lib/sse';
import { countStream, SseCounter } from '../lib/sse-count';

// The default run keeps `npm run bench` within its 15 minutes; BENCH_FANOUT_FULL=1 is the load
// test of the fault-tolerance issue: 200 clients × 2,000 msg/s × 60 s. Each knob still overrides.
const FULL = process.env.BENCH_FANOUT_FULL === '1';
const SECONDS = Number(process.env.BENCH_FANOUT_SECONDS ?? (FULL ? 60 : 20));
const RATE = Number(process.env.BENCH_FANOUT_RATE ?? 2_000);
const CLIENTS = (process.env.BENCH_FANOUT_CLIENTS ?? (FULL ? '200' : '100,200')).split(',').map(Number);

/**
 * Many SSE clients on one topic while a producer writes at a fixed rate: one Kafka reader fans
 * out to all of them. Every client must get every message or an explicit dropped count; the
 * server's memory must stay bounded (peak RSS of the server's process group is reported).
 */
const benchCase: BenchCase = {
  name: 'tail-fanout',
  description: `${CLIENTS.join(' and ')} SSE clients on one topic at ${RATE} msg/s for ${SECONDS} s`,
  target: 'every client: delivered + dropped = produced; RSS bounded',
  async run(ctx) {
    const pgid = Number(process.env.BENCH_SERVER_PGID ?? 0);
    const admin = new TestAdmin('riffle-bench', ctx.brokers);
    const producer = benchProducer(ctx.brokers, 'riffle-bench', true);
    const metrics = [];
    const comparisons = [];
    const notes: string[] = [];
    // Topics are deleted at the end: the producer refreshes metadata of every topic it has sent
    // to, and one deleted between two rounds fails the next round's sends.
    const topics: string[] = [];
    try {
      for (const clients of CLIENTS) {
        const topic = `${ctx.tmpPrefix}-fan${clients}`;
        await admin.createTopics([{ topic, numPartitions: 3 }]);
        topics.push(topic);
        const auth = { authorization: process.env.BENCH_AUTH_HEADER ?? '' };
        const abort = new AbortController();
        // Counted on the raw bytes (sse-count.ts): 200 clients × 2,000 msg/s must not make this
        // process, rather than the server, the bottleneck.
        const counters = Array.from({ length: clients }, () => new SseCounter());
        const readers = counters.map((counter, i) =>
          countStream(`${ctx.baseUrl}/api/clusters/local/topics/${topic}/live?from=latest`, auth, counter, abort.signal).catch((err: Error) => notes.push(`client ${i}: ${err.message}`)),
        );
        const delivered = () => counters.map((c) => c.counts.messages);
        const dropped = () => counters.map((c) => c.counts.dropped);
        const deadline = Date.now() + 30_000;
        while (counters.some((c) => !c.counts.ready) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        const before = pgid ? await groupUsage(pgid) : null;
        const startedAt = Date.now();
        const benchCpu = process.cpuUsage();
        const rss: number[] = [];
        const sampler = setInterval(() => {
          if (pgid) void groupUsage(pgid).then((u) => rss.push(u.rssKiB / 1024));
        }, 1000);
        // Paced: a slow send is caught up with a bigger batch, so the rate holds on a busy machine.
        const produced = await producePaced(producer, topic, RATE, SECONDS);
        // Let the last messages arrive, then count.
        const settle = Date.now() + 15_000;
        const accounted = () => {
          const [d, x] = [delivered(), dropped()];
          return d.map((n, i) => n + x[i]!);
        };
        while (Date.now() < settle && accounted().some((n) => n < produced)) await new Promise((r) => setTimeout(r, 200));
        clearInterval(sampler);
        const after = pgid ? await groupUsage(pgid) : null;
        const wallSeconds = (Date.now() - startedAt) / 1000;
        const { user, system } = process.cpuUsage(benchCpu);
        const benchCpuPct = (100 * (user + system)) / 1e6 / wallSeconds;
        abort.abort();
        await Promise.all(readers);
        const complete = accounted().filter((n) => n === produced).length;
        const totalDropped = dropped().reduce((a, b) => a + b, 0);
        metrics.push({ name: `${clients} clients: messages delivered per client`, unit: 'msgs', samples: delivered(), better: 'higher' as const });
        if (totalDropped) metrics.push({ name: `${clients} clients: dropped per client (reported by the server)`, unit: 'msgs', samples: dropped(), better: 'lower' as const });
        if (rss.length) metrics.push({ name: `${clients} clients: server RSS (sampled 1/s)`, unit: 'MiB', samples: rss, better: 'lower' as const });
        comparisons.push({
          name: `${clients} clients accounted for`,
          subject: 'delivered + dropped',
          baseline: 'produced',
          ratio: complete / clients,
          target: '= 1 (every client)',
          met: complete === clients,
        });
        notes.push(
          `${clients} clients: produced ${produced} (${(produced / SECONDS).toFixed(0)} msg/s); ${complete}/${clients} clients fully accounted for; ${totalDropped} dropped in total (reported to clients)` +
            (before && after
              ? `; server CPU ${(after.cpuSeconds - before.cpuSeconds).toFixed(0)} s over ${wallSeconds.toFixed(0)} s (${((100 * (after.cpuSeconds - before.cpuSeconds)) / wallSeconds).toFixed(0)} % of one core); peak RSS ${Math.max(...rss).toFixed(0)} MiB`
              : '') +
            `; this bench process (producer and every client) ${benchCpuPct.toFixed(0)} % of one core`,
        );
      }
    } finally {
      await producer.close().catch(() => {});
      await admin.deleteTopics(topics).catch(() => {});
      await admin.close();
    }
    return { metrics, comparisons, notes };
  },
};
export default benchCase;
