import { Consumer, createRecordsBatch, MessagesStreamModes } from '@platformatic/kafka';
import { decodeRecordSet, libraryDecodeRecordSet } from '@/lib/server/kafka/fetch';
import { wireMapper } from '@/lib/server/messages/wire-record';
import { kafkaToolAsync } from '../../test/helpers/kafka-tools';
import { TestAdmin } from '../../test/helpers/kafka-admin';
import { startBareSseServer } from '../baselines/bare-sse';
import type { BenchCase } from '../harness';
import { messageCount, readEvents } from '../lib/sse';
import { fillLines } from '../lib/topics';
import { summarize } from '../stats';

// 500,000 messages (~100 MB): a rate, not a start-up. At 50,000 every reader spends most of its
// 0.1-0.2 s on fixed costs (a connection, metadata, a group join, a process start): kcat and the
// Java consumer read 50,000 at a sixth of their 500,000 rate on the same machine (docs/BENCHMARKS.md).
// The first event's delay has a case of its own (tail-first-event).
const N = Number(process.env.BENCH_TAIL_MESSAGES ?? 500_000);
const RUNS = 5;

/**
 * One SSE client reading a filled topic from the beginning through the console, against, in
 * the same run: a raw @platformatic/kafka consumer (the client the console is built on), Kafka's
 * own Java consumer (kafka-consumer-perf-test, by its own count: JVM start left out), kcat (librdkafka), and a bare Node HTTP server replaying the console's own events (the
 * cost of HTTP + SSE framing + client parsing without Next.js and Kafka). The SSE clients decode
 * each event into messages as the browser does (bench/lib/sse.ts), as the client decodes its
 * batches. Apart from that, the record decoding alone: CPU per record of the console's decoder
 * (plain batches by hand, kafka/plain-record-batches.ts) and of the library's, both to the wire
 * form, on the same bytes.
 */
const benchCase: BenchCase = {
  name: 'tail-throughput',
  description: `Live tail throughput to one SSE client, ${N.toLocaleString('en-US')} messages of ~200 B`,
  target: 'riffle / raw @platformatic/kafka consumer ≥ 0.8',
  async run(ctx) {
    const admin = new TestAdmin('riffle-bench', ctx.brokers);
    const topic = `${ctx.tmpPrefix}-tail`;
    await admin.createTopics([{ topic, numPartitions: 3 }]);
    try {
      // Uncompressed: what Kafka's producers write by default, the case the console decodes by hand.
      await ctx.kcat(['-P', '-t', topic], fillLines(N));
      const auth = { authorization: process.env.BENCH_AUTH_HEADER ?? '' };
      let captured: string[] = [];
      const readRiffle = async (capture: boolean) => {
        const events: string[] = [];
        let got = 0;
        const t = performance.now();
        await readEvents(`${ctx.baseUrl}/api/clusters/local/topics/${topic}/live?from=earliest`, auth, (e) => {
          const n = messageCount(e);
          if (n && capture) events.push(`event: messages\nid: ${e.id}\ndata: ${e.data}\n\n`);
          got += n;
          return got >= N;
        });
        const rate = (N / (performance.now() - t)) * 1000;
        if (capture) captured = events;
        return rate;
      };
      let group = 0;
      const readClient = async () => {
        const groupId = `${ctx.tmpPrefix}-raw-${group++}`;
        const consumer = new Consumer({ clientId: 'riffle-bench', bootstrapBrokers: ctx.brokers.split(','), groupId, maxBytes: 10 << 20, autocommit: false });
        const t = performance.now();
        const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false });
        await new Promise<void>((resolve) => {
          let got = 0;
          stream.on('data', () => {
            if (++got >= N) resolve();
          });
        });
        const rate = (N / (performance.now() - t)) * 1000;
        await stream.close().catch(() => {});
        await consumer.close(true).catch(() => {});
        await admin.deleteGroups([groupId]).catch(() => {});
        return rate;
      };
      // Kafka's Java consumer; its own report (nMsg.sec) counts from the consumer's start (group join included, as for the raw client above), not the JVM's.
      const readJava = async () => {
        const groupId = `${ctx.tmpPrefix}-java-${group++}`;
        const out = await kafkaToolAsync('org.apache.kafka.tools.ConsumerPerformance', ['--bootstrap-server', ctx.brokers, '--topic', topic, '--num-records', String(N), '--group', groupId, '--timeout', '30000']);
        await admin.deleteGroups([groupId]).catch(() => {});
        const lines = out.trim().split('\n');
        const header = lines.findIndex((l) => l.includes('nMsg.sec'));
        const cols = lines[header]!.split(',').map((c) => c.trim());
        const vals = lines[header + 1]!.split(',').map((c) => c.trim());
        return Number(vals[cols.indexOf('nMsg.sec')]);
      };
      const readKcat = async () => {
        const t = performance.now();
        await ctx.kcat(['-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '\\n']);
        return (N / (performance.now() - t)) * 1000;
      };

      // One unmeasured read each warms the console's code paths and the bench's, and the
      // riffle read captures the events the bare server replays.
      await readRiffle(true);
      await readClient();
      const server = await startBareSseServer(captured);
      const readBare = async () => {
        let got = 0;
        const t = performance.now();
        await readEvents(server.url, {}, (e) => {
          got += messageCount(e);
          return got >= N;
        });
        return (N / (performance.now() - t)) * 1000;
      };

      // Rounds interleave the readers, so a busy moment on this shared machine costs each alike.
      const riffle: number[] = [];
      const client: number[] = [];
      const java: number[] = [];
      const kcat: number[] = [];
      const bare: number[] = [];
      try {
        for (let r = 0; r < RUNS; r++) {
          riffle.push(await readRiffle(false));
          client.push(await readClient());
          java.push(await readJava());
          kcat.push(await readKcat());
          bare.push(await readBare());
        }
      } finally {
        await server.close();
      }

      const decode = decoderCost();
      const m = (xs: number[]) => summarize(xs).median;
      return {
        metrics: [
          { name: 'riffle SSE, one client', unit: 'msg/s', samples: riffle, better: 'higher' },
          { name: 'raw @platformatic/kafka consumer (incl. group join)', unit: 'msg/s', samples: client, better: 'higher' },
          { name: 'Java consumer (kafka-consumer-perf-test)', unit: 'msg/s', samples: java, better: 'higher' },
          { name: "decode to wire form: console's decoder", unit: 'ns/record CPU', samples: decode.console, better: 'lower' },
          { name: "decode to wire form: library's decoder", unit: 'ns/record CPU', samples: decode.library, better: 'lower' },
          { name: 'kcat -C', unit: 'msg/s', samples: kcat, better: 'higher' },
          { name: 'bare Node SSE replaying the same events', unit: 'msg/s', samples: bare, better: 'higher' },
        ],
        comparisons: [
          { name: 'tail vs raw @platformatic/kafka', subject: 'riffle', baseline: 'platformatic-kafka', ratio: m(riffle) / m(client), target: '≥ 0.8', met: m(riffle) / m(client) >= 0.8 },
          { name: 'tail vs Java consumer', subject: 'riffle', baseline: 'java', ratio: m(riffle) / m(java) },
          { name: "library's decoder vs the console's (CPU per record)", subject: 'library', baseline: 'console', ratio: m(decode.library) / m(decode.console) },
          { name: 'tail vs kcat', subject: 'riffle', baseline: 'kcat', ratio: m(riffle) / m(kcat) },
          { name: 'tail vs bare SSE (HTTP+parse floor)', subject: 'riffle', baseline: 'bare-sse', ratio: m(riffle) / m(bare) },
        ],
        notes: [`${captured.length} SSE events carried ${N} messages (${Math.round(N / Math.max(1, captured.length))} per event)`],
      };
    } finally {
      await admin.deleteTopics([topic]).catch(() => {});
      await admin.close();
    }
  },
};
export default benchCase;

/**
 * CPU per record of both decoders on the same ~1 MB record sets (what a catch-up fetch returns
 * per partition) of N records like fillLines', 500 to a batch; rounds interleaved.
 */
function decoderCost(): { console: number[]; library: number[] } {
  const pad = 'x'.repeat(160);
  const sets: Buffer[] = [];
  let batches: Buffer[] = [];
  for (let b = 0; b < N / 500; b++) {
    const messages = Array.from({ length: 500 }, (_, i) => ({ topic: 't', value: Buffer.from(`{"n":${b * 500 + i},"ts":${Date.now()},"pad":"${pad}"}`), timestamp: BigInt(Date.now()) }));
    const batch = Buffer.from(createRecordsBatch(messages as never).buffer);
    batch.writeBigInt64BE(BigInt(b * 500), 0);
    batches.push(batch);
    if (batches.length === 10) sets.push(Buffer.concat(batches.splice(0)));
  }
  if (batches.length) sets.push(Buffer.concat(batches));
  batches = [];
  const map = wireMapper('t');
  const out = { console: [] as number[], library: [] as number[] };
  for (let r = 0; r < 15; r++) {
    for (const [name, decode] of [['console', decodeRecordSet], ['library', libraryDecodeRecordSet]] as const) {
      const c = process.cpuUsage();
      let n = 0;
      for (const s of sets) n += decode(s, 0, 0, map).records.length;
      const d = process.cpuUsage(c);
      out[name].push(((d.user + d.system) * 1000) / n);
    }
  }
  return out;
}
