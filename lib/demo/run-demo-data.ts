import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { demoTopics as baseTopics } from './demo-data';

/**
 * `npm run demo` starts this: creates the demo topics (idempotently: existing ones are left as
 * they are) and produces each at its modest rate until stopped.
 */
async function main(): Promise<void> {
  // RIFFLE_DEMO_PREFIX: run the demo producers beside others on a shared cluster (tests use it)
  const prefix = process.env.RIFFLE_DEMO_PREFIX ?? '';
  const demoTopics = baseTopics.map((t) => ({ ...t, topic: `${prefix}${t.topic}` }));
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  const kafka = new Kafka({ clientId: 'riffle-demo-data', brokers, logLevel: logLevel.WARN });
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const missing = demoTopics.filter((t) => !existing.has(t.topic));
  if (missing.length) {
    try {
      await admin.createTopics({ waitForLeaders: true, topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.partitions })) });
    } catch (err) {
      // another process may have created them between the list and the create: that is fine
      if ((err as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw err;
    }
  }
  await admin.disconnect();
  console.log(`demo-data: topics ready: ${demoTopics.map((t) => `${t.topic} (${t.format})`).join(', ')}`);

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  const counters = new Map(demoTopics.map((t) => [t.topic, 0]));
  const timers: NodeJS.Timeout[] = [];
  let stopping = false;
  for (const t of demoTopics) {
    timers.push(
      setInterval(() => {
        if (stopping) return;
        const n = counters.get(t.topic)!;
        counters.set(t.topic, n + 1);
        const r = t.make(n, new Date());
        producer.send({ topic: t.topic, messages: [{ key: r.key, value: r.value, headers: r.headers }] }).catch((err: unknown) => {
          console.warn(`demo-data: ${t.topic}: ${(err as Error).message}`);
        });
      }, Math.round(1000 / t.rate)),
    );
  }
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const tm of timers) clearInterval(tm);
    await producer.disconnect().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error('demo-data failed:', err);
  process.exit(1);
});
