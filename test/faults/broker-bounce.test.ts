import { Consumer, MessagesStreamFallbackModes, MessagesStreamModes, type MessagesStream } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/api';
import { TestAdmin } from '../helpers/kafka-admin';
import { BROKERS, kafkaAsync } from './cluster';
import { overview } from './console';
import { exactlyOnce, explainMissing, logEnds, NumberedProducer, readLogToEnd, waitForTopicEverywhere } from './log';

/**
 * Kafka's own system-test standard: RF 3, min.insync.replicas 2, bounce a broker cleanly and
 * with kill -9 while a producer and a consumer group run; every acknowledged message must be
 * in the log exactly once (checked with kcat) and consumed by a group member; the console must
 * show the broker down and the partitions under-replicated, then the recovery. The group member
 * is a @platformatic/kafka consumer kept going the way its docs say: retries on, and a stream
 * that failed for good is replaced by a new consume() on the same consumer (KafkaJS 2.2.4,
 * before it, needed a watchdog that rebuilt stalled consumers and re-read skipped offsets).
 */
const topic = `faults-bounce-${Date.now()}`;
const group = `${topic}-group`;
let numbered: NumberedProducer;
let admin: TestAdmin;
let consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | null = null;
let stopped = false;
/** How many times the stream failed for good and was replaced. */
let restarts = 0;
const consumed = new Set<number>();
const events: string[] = [];

async function consume(): Promise<void> {
  if (stopped) return;
  try {
    const s = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.COMMITTED, fallbackMode: MessagesStreamFallbackModes.EARLIEST });
    stream = s;
    s.on('data', (m) => void consumed.add(Number(m.value.toString())));
    s.on('error', (err: Error) => {
      events.push(`stream error: ${err.message}`);
      restarts++;
      setTimeout(() => void consume(), 1_000);
    });
  } catch (err) {
    events.push(`consume failed: ${(err as Error).message}`);
    setTimeout(() => void consume(), 1_000);
  }
}

beforeAll(async () => {
  admin = new TestAdmin('riffle-faults', BROKERS.join(','));
  await admin.createTopics([{ topic, numPartitions: 6, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } }]);
  await waitForTopicEverywhere(topic, 6);
  numbered = new NumberedProducer(BROKERS, topic, 6);
  consumer = new Consumer({ clientId: 'riffle-faults-consumer', bootstrapBrokers: BROKERS, groupId: group, sessionTimeout: 10_000, heartbeatInterval: 1_000, retries: true, retryDelay: 1_000 });
  consumer.on('consumer:group:join', (e: unknown) => events.push(`join: ${JSON.stringify(e, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`));
  await consume();
}, 60_000);

afterAll(async () => {
  stopped = true;
  await numbered?.close();
  await stream?.close().catch(() => {});
  await consumer?.close(true).catch(() => {});
  await admin?.deleteTopics([topic]).catch(() => {});
  await admin?.deleteGroups([group]).catch(() => {});
  await admin?.close();
});

describe('a broker bounces under load on a 3-node cluster', () => {
  it('loses and doubles nothing acknowledged, and the console shows the outage and recovery', async () => {
    numbered.start();
    const acked = numbered.acked;
    await waitFor(async () => acked.size > 500, { what: 'the producer to get going' });

    for (const mode of ['clean', 'kill -9'] as const) {
      await kafkaAsync('stop', '2', ...(mode === 'kill -9' ? ['--kill'] : []));
      const seen = await waitFor(
        async () => {
          const o = await overview();
          return o && o.brokers.length === 2 && o.counts.underReplicatedPartitions > 0 ? o : null;
        },
        { timeoutMs: 45_000, what: `the console to show broker 2 down (${mode})` },
      );
      expect(seen.brokers.map((b) => b.nodeId)).toEqual([1, 3]);
      const before = acked.size;
      await waitFor(async () => acked.size > before + 300, { timeoutMs: 30_000, what: `producing to continue with broker 2 down (${mode})` });
      await kafkaAsync('start', '2');
      await waitFor(
        async () => {
          const o = await overview();
          return o && o.brokers.length === 3 && o.counts.underReplicatedPartitions === 0 ? o : null;
        },
        { timeoutMs: 90_000, what: `the console to show recovery after ${mode}` },
      );
    }

    await numbered.stop();
    // The log itself, read by an independent client up to every partition's end: every acked number exactly once.
    const log = await readLogToEnd(topic, await logEnds(admin, topic, numbered.ackedEnds));
    if (log.firstReadShort) console.log(`faults: kcat's first read ended short of the high watermark (${log.firstReadShort}); complete after ${log.reads} reads`);
    const { missing, count: counts } = exactlyOnce(acked, log.records);
    const doubled = [...counts].filter(([, c]) => c > 1).map(([n]) => n);
    if (missing.length) console.log(`faults: acknowledged but missing: ${missing.join(',')}\n${explainMissing(missing, numbered, log.records)}`);
    expect(missing).toEqual([]);
    expect(doubled).toEqual([]);
    expect(acked.size).toBeGreaterThan(1000);

    // Every acknowledged message reaches the group member.
    await waitFor(async () => [...acked].every((n) => consumed.has(n)), { timeoutMs: 90_000, what: 'the consumer to read every acknowledged message' }).catch((err) => {
      const missing = [...acked].filter((n) => !consumed.has(n));
      throw new Error(`${err.message}: ${missing.length} unread (first ${missing.slice(0, 5).join(',')}); consumer events: ${events.join(' | ')}`);
    });
    console.log(
      `faults: ${acked.size} acknowledged, ${counts.size} in the log, the consumer read all (${restarts} stream restarts); ` +
        `${numbered.sendErrors} failed sends, ${numbered.replaced} producers replaced; consumer events: ${events.join(' | ')}`,
    );
  }, 300_000);
});
