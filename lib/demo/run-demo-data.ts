import { Admin, compatibilityPartitioner, ProduceAcks, Producer } from '@platformatic/kafka';
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
  const client = { clientId: 'riffle-demo-data', bootstrapBrokers: brokers, connectTimeout: 5_000 };
  const admin = new Admin(client);
  const existing = new Set(await admin.listTopics());
  for (const t of demoTopics.filter((d) => !existing.has(d.topic))) {
    try {
      await admin.createTopics({ topics: [t.topic], partitions: t.partitions, replicas: -1 });
    } catch (err) {
      // another process may have created it between the list and the create: that is fine
      if (!JSON.stringify((err as { errors?: unknown }).errors ?? []).includes('TOPIC_ALREADY_EXISTS') && !/already exists/i.test(String(err))) throw err;
    }
  }
  // wait for leaders before the first send
  for (let i = 0; i < 100; i++) {
    const md = await admin.metadata({ topics: demoTopics.map((t) => t.topic), forceUpdate: true }).catch(() => null);
    if (md && demoTopics.every((t) => md.topics.get(t.topic)?.partitions.every((p) => p.leader >= 0))) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await admin.close();
  console.log(`demo-data: topics ready: ${demoTopics.map((t) => `${t.topic} (${t.format})`).join(', ')}`);

  // Java's default partitioner, as KafkaJS's was: a key lands where other clients put it
  const producer = new Producer({ ...client, acks: ProduceAcks.ALL, partitioner: compatibilityPartitioner });
  const bytes = (v: string | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(v));
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
        producer
          .send({
            messages: [{ topic: t.topic, key: r.key === null ? undefined : bytes(r.key), value: bytes(r.value), headers: new Map(Object.entries(r.headers ?? {}).map(([k, v]) => [bytes(k), bytes(v)])) }],
          }).catch((err: unknown) => {
          console.warn(`demo-data: ${t.topic}: ${(err as Error).message}`);
        });
      }, Math.round(1000 / t.rate)),
    );
  }
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const tm of timers) clearInterval(tm);
    await producer.close().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error('demo-data failed:', err);
  process.exit(1);
});
