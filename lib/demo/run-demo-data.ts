import { Admin, compatibilityPartitioner, Producer } from '@platformatic/kafka';
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
  const admin = new Admin({ clientId: 'riffle-demo-data', bootstrapBrokers: brokers, retries: 5, retryDelay: 500 });
  const existing = new Set(await admin.listTopics());
  const missing = demoTopics.filter((t) => !existing.has(t.topic));
  if (missing.length) {
    try {
      await admin.createTopics({ topics: missing.map((t) => ({ topic: t.topic, partitions: t.partitions })) });
    } catch (err) {
      // another process may have created them between the list and the create: that is fine
      if (!alreadyExists(err)) throw err;
    }
    await waitForLeaders(admin, missing.map((t) => t.topic));
  }
  await admin.close();
  console.log(`demo-data: topics ready: ${demoTopics.map((t) => `${t.topic} (${t.format})`).join(', ')}`);

  // Java's partitioner (KafkaJS's default before): a key lands where any Java client puts it.
  const producer = new Producer({ clientId: 'riffle-demo-data', bootstrapBrokers: brokers, partitioner: compatibilityPartitioner, autocreateTopics: false });
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
        const message = {
          topic: t.topic,
          key: r.key === null ? undefined : Buffer.from(r.key),
          value: Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value),
          headers: new Map(Object.entries(r.headers ?? {}).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])),
        };
        producer.send({ messages: [message] }).catch((err: unknown) => {
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

function alreadyExists(err: unknown): boolean {
  const e = err as { apiId?: string; errors?: unknown[] };
  return e?.apiId === 'TOPIC_ALREADY_EXISTS' || (e?.errors ?? []).some(alreadyExists);
}

/** Producing to a topic before its partitions have leaders fails: wait (up to 20 s). */
async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const md = await admin.metadata({ topics, forceUpdate: true }).catch(() => null);
    if (md && topics.every((t) => md.topics.get(t)?.partitions.every((p) => p.leader >= 0))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

main().catch((err: unknown) => {
  console.error('demo-data failed:', err);
  process.exit(1);
});
