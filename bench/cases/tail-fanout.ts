import type { BenchCase } from '../harness';
import { groupUsage, readEvents, type SseEvent } from '../lib/sse';
import { benchKafka, withTopic } from '../lib/topics';

// The default run keeps `npm run bench` within its 15 minutes; BENCH_FANOUT_FULL=1 is the load
// test of the fault-tolerance issue: 200 clients × 2,000 msg/s × 60 s. Each knob still overrides.
const FULL = process.env.BENCH_FANOUT_FULL === '1';
const SECONDS = Number(process.env.BENCH_FANOUT_SECONDS ?? (FULL ? 60 : 20));
const RATE = Number(process.env.BENCH_FANOUT_RATE ?? 2_000);
const CLIENTS = (process.env.BENCH_FANOUT_CLIENTS ?? (FULL ? '200' : '100,200')).split(',').map(Number);

/** Messages in a `messages` event without parsing it: the bench client must not be the bottleneck. */
function countFast(e: SseEvent): number {
  if (e.event !== 'messages') return 0;
  let n = 0;
  for (let i = e.data.indexOf('"offset":'); i >= 0; i = e.data.indexOf('"offset":', i + 9)) n++;
  return n;
}

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
    const kafka = benchKafka(ctx.brokers);
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const metrics = [];
    const comparisons = [];
    const notes: string[] = [];
    try {
      for (const clients of CLIENTS) {
        const topic = `${ctx.tmpPrefix}-fan${clients}`;
        const drop = await withTopic(admin, topic, 3);
        const auth = { authorization: process.env.BENCH_AUTH_HEADER ?? '' };
        const abort = new AbortController();
        const delivered = new Array<number>(clients).fill(0);
        const dropped = new Array<number>(clients).fill(0);
        let ready = 0;
        const readers = Array.from({ length: clients }, (_, i) =>
          readEvents(
            `${ctx.baseUrl}/api/clusters/local/topics/${topic}/live?from=latest`,
            auth,
            (e) => {
              if (e.event === 'ready') ready++;
              else if (e.event === 'dropped') dropped[i] = (JSON.parse(e.data) as { count: number }).count;
              else delivered[i]! += countFast(e);
            },
            abort.signal,
          ).catch((err: Error) => notes.push(`client ${i}: ${err.message}`)),
        );
        const deadline = Date.now() + 30_000;
        while (ready < clients && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        const before = pgid ? await groupUsage(pgid) : null;
        const startedAt = Date.now();
        const rss: number[] = [];
        let produced = 0;
        const tickMs = 100;
        const perTick = Math.round((RATE * tickMs) / 1000);
        const end = Date.now() + SECONDS * 1000;
        const sampler = setInterval(() => {
          if (pgid) void groupUsage(pgid).then((u) => rss.push(u.rssKiB / 1024));
        }, 1000);
        while (Date.now() < end) {
          const t = Date.now();
          await producer.send({ topic, messages: Array.from({ length: perTick }, (_, k) => ({ key: String((produced + k) % 64), value: `{"n":${produced + k},"ts":${Date.now()}}` })) });
          produced += perTick;
          await new Promise((r) => setTimeout(r, Math.max(0, tickMs - (Date.now() - t))));
        }
        // Let the last messages arrive, then count.
        const settle = Date.now() + 15_000;
        while (Date.now() < settle && delivered.some((d, i) => d + dropped[i]! < produced)) await new Promise((r) => setTimeout(r, 200));
        clearInterval(sampler);
        const after = pgid ? await groupUsage(pgid) : null;
        const wallSeconds = (Date.now() - startedAt) / 1000;
        abort.abort();
        await Promise.all(readers);
        await drop();
        const complete = delivered.filter((d, i) => d + dropped[i]! === produced).length;
        const totalDropped = dropped.reduce((a, b) => a + b, 0);
        metrics.push({ name: `${clients} clients: messages delivered per client`, unit: 'msgs', samples: delivered, better: 'higher' as const });
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
          `${clients} clients: produced ${produced}; ${complete}/${clients} clients fully accounted for; ${totalDropped} dropped in total (reported to clients)` +
            (before && after
              ? `; server CPU ${(after.cpuSeconds - before.cpuSeconds).toFixed(0)} s over ${wallSeconds.toFixed(0)} s (${((100 * (after.cpuSeconds - before.cpuSeconds)) / wallSeconds).toFixed(0)} % of one core); peak RSS ${Math.max(...rss).toFixed(0)} MiB`
              : ''),
        );
      }
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
    return { metrics, comparisons, notes };
  },
};
export default benchCase;
