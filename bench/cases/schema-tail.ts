import { Producer } from '@platformatic/kafka';
import avro from 'avsc';
import { TestAdmin } from '../../test/helpers/kafka-admin';
import type { BenchCase } from '../harness';
import { messageCount, readEvents } from '../lib/sse';
import { summarize } from '../stats';

const N = Number(process.env.BENCH_SCHEMA_MESSAGES ?? 30_000);
const RUNS = 5;

const SCHEMA = {
  type: 'record',
  name: 'Reading',
  namespace: 'riffle.bench',
  fields: [
    { name: 'station', type: 'string' },
    { name: 'at', type: 'long' },
    { name: 'temperature', type: 'double' },
    { name: 'humidity', type: 'int' },
    { name: 'conditions', type: { type: 'enum', name: 'Conditions', symbols: ['CLEAR', 'CLOUDY', 'RAIN', 'SNOW'] } },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};

/**
 * Live tail of an Avro topic (Confluent-framed, decoded by the console with the registry's
 * schema) against the same values as plain JSON, same run, same console (issue 16: Avro tail
 * throughput ≥ 0.5× JSON). Both topics hold N records of the same values in 3 partitions.
 */
const benchCase: BenchCase = {
  name: 'schema-tail',
  description: `Live tail of ${N.toLocaleString('en-US')} Avro-framed messages vs the same values as JSON`,
  target: 'avro / json ≥ 0.5',
  async run(ctx) {
    const registry = process.env.BENCH_REGISTRY_URL ?? 'http://127.0.0.1:8081';
    const up = await fetch(`${registry}/subjects`, { signal: AbortSignal.timeout(3_000) }).then((r) => r.ok).catch(() => false);
    if (!up) return { metrics: [], notes: [`no Schema Registry at ${registry}: case not run (npm run registry:up)`] };
    const admin = new TestAdmin('riffle-bench', ctx.brokers);
    const topics = { avro: `${ctx.tmpPrefix}-avro`, json: `${ctx.tmpPrefix}-json` };
    await admin.createTopics([{ topic: topics.avro, numPartitions: 3 }, { topic: topics.json, numPartitions: 3 }]);
    try {
      const res = await fetch(`${registry}/subjects/${topics.avro}-value/versions`, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
        body: JSON.stringify({ schema: JSON.stringify(SCHEMA) }),
      });
      const { id } = (await res.json()) as { id: number };
      const type = avro.Type.forSchema(SCHEMA as avro.Schema);
      const header = Buffer.from([0, 0, 0, 0, 0]);
      header.writeInt32BE(id, 1);
      const conditions = ['CLEAR', 'CLOUDY', 'RAIN', 'SNOW'];
      const value = (i: number) => ({ station: `ST${i % 50}`, at: 1_764_000_000_000 + i, temperature: Math.round(Math.sin(i) * 300) / 10, humidity: i % 100, conditions: conditions[i % 4], note: i % 3 ? null : 'gusty wind from the north west' });
      const producer = new Producer({ clientId: 'riffle-bench', bootstrapBrokers: ctx.brokers.split(','), autocreateTopics: false });
      try {
        for (let start = 0; start < N; start += 1000) {
          const idx = Array.from({ length: Math.min(1000, N - start) }, (_, k) => start + k);
          await producer.send({ messages: idx.map((i) => ({ topic: topics.avro, partition: i % 3, value: Buffer.concat([header, type.toBuffer(value(i))]) })) });
          await producer.send({ messages: idx.map((i) => ({ topic: topics.json, partition: i % 3, value: Buffer.from(JSON.stringify(value(i))) })) });
        }
      } finally {
        await producer.close();
      }
      const auth = { authorization: process.env.BENCH_AUTH_HEADER ?? '' };
      const read = async (topic: string) => {
        let got = 0;
        const t = performance.now();
        await readEvents(`${ctx.baseUrl}/api/clusters/local/topics/${topic}/live?from=earliest`, auth, (e) => {
          got += messageCount(e);
          return got >= N;
        });
        return (N / (performance.now() - t)) * 1000;
      };
      // one unmeasured read each (the schema fetch and code paths warm), then interleaved rounds
      await read(topics.avro);
      await read(topics.json);
      const a: number[] = [];
      const j: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        a.push(await read(topics.avro));
        j.push(await read(topics.json));
      }
      const m = (xs: number[]) => summarize(xs).median;
      return {
        metrics: [
          { name: 'Avro-framed, decoded by the console', unit: 'msg/s', samples: a, better: 'higher' },
          { name: 'same values as JSON', unit: 'msg/s', samples: j, better: 'higher' },
        ],
        comparisons: [{ name: 'Avro tail vs JSON tail', subject: 'avro', baseline: 'json', ratio: m(a) / m(j), target: '≥ 0.5', met: m(a) / m(j) >= 0.5 }],
      };
    } finally {
      await admin.deleteTopics(Object.values(topics)).catch(() => {});
      await admin.close();
    }
  },
};

export default benchCase;
