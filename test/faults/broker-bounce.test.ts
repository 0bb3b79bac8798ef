import { Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { superviseConsumer, type SupervisedConsumer, type WatchdogEvent } from '@/lib/server/kafka/consumer-watchdog';
import { waitFor } from '../helpers/api';
import { createTestTopics } from '../helpers/kafka-admin';
import { BROKERS, kafkaAsync } from './cluster';
import { overview } from './console';
import { exactlyOnce, explainMissing, logEnds, NumberedProducer, readLogToEnd, waitForTopicEverywhere } from './log';

/**
 * Kafka's own system-test standard: RF 3, min.insync.replicas 2, bounce a broker cleanly and
 * with kill -9 while a producer and a consumer group run; every acknowledged message must be
 * in the log exactly once (checked with kcat) and consumed by a group member supervised by
 * lib/server/kafka/consumer-watchdog; the console must show the broker down and the partitions
 * under-replicated, then the recovery. A bare KafkaJS consumer runs alongside, and what it
 * misses is reported (KafkaJS 2.2.4 was seen to skip messages after a broker bounce).
 */
const topic = `faults-bounce-${Date.now()}`;
const group = `${topic}-group`;
const client = new Kafka({ clientId: 'riffle-faults', brokers: BROKERS, logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 2_000 } });
let numbered: NumberedProducer;
let consumer: Consumer;
let supervised: SupervisedConsumer;
let watchAdmin: Admin;
const consumed = new Set<number>();
const supervisedConsumed = new Set<number>();
const watchdogEvents: WatchdogEvent[] = [];
const events: string[] = [];

beforeAll(async () => {
  const admin = client.admin();
  await admin.connect();
  await createTestTopics(admin, [{ topic, numPartitions: 6, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }]);
  await waitForTopicEverywhere(topic, 6);
  await admin.disconnect();
  numbered = new NumberedProducer(client, topic, 6);
  consumer = client.consumer({ groupId: group, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  consumer.on(consumer.events.CRASH, (e) => events.push(`crash: ${e.payload.error.message} (restart: ${e.payload.restart})`));
  consumer.on(consumer.events.GROUP_JOIN, (e) => events.push(`join: ${JSON.stringify(e.payload.memberAssignment)}`));
  consumer.on(consumer.events.STOP, () => events.push('stop'));
  await consumer.run({ eachMessage: async ({ message }) => void consumed.add(Number(message.value!.toString())) });
  watchAdmin = client.admin();
  await watchAdmin.connect();
  supervised = await superviseConsumer({
    kafka: client,
    admin: watchAdmin,
    consumer: { groupId: `${group}-supervised`, sessionTimeout: 10_000, heartbeatInterval: 1_000 },
    topic,
    stallMs: 10_000,
    eachMessage: async ({ value }) => void supervisedConsumed.add(Number(value!.toString())),
    onEvent: (e) => watchdogEvents.push(e),
  });
}, 60_000);

afterAll(async () => {
  await numbered?.close();
  await consumer?.disconnect().catch(() => {});
  await supervised?.stop();
  await watchAdmin?.disconnect().catch(() => {});
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
    const log = await readLogToEnd(topic, await logEnds(watchAdmin, topic, numbered.ackedEnds));
    if (log.firstReadShort) console.log(`faults: kcat's first read ended short of the high watermark (${log.firstReadShort}); complete after ${log.reads} reads`);
    const { missing, count: counts } = exactlyOnce(acked, log.records);
    const doubled = [...counts].filter(([, c]) => c > 1).map(([n]) => n);
    if (missing.length) console.log(`faults: acknowledged but missing: ${missing.join(',')}\n${explainMissing(missing, numbered, log.records)}`);
    expect(missing).toEqual([]);
    expect(doubled).toEqual([]);
    expect(acked.size).toBeGreaterThan(1000);

    // Every acknowledged message reaches the supervised group member.
    await waitFor(async () => [...acked].every((n) => supervisedConsumed.has(n)), { timeoutMs: 90_000, what: 'the supervised consumer to read every acknowledged message' }).catch((err) => {
      const missing = [...acked].filter((n) => !supervisedConsumed.has(n));
      throw new Error(`${err.message}: ${missing.length} unread (first ${missing.slice(0, 5).join(',')}); watchdog: ${JSON.stringify(watchdogEvents)}`);
    });

    // The bare KafkaJS consumer gets a grace period too; what it still lacks is a finding, not a pass/fail.
    await waitFor(async () => [...acked].every((n) => consumed.has(n)), { timeoutMs: 20_000, what: 'the bare consumer' }).catch(() => {});
    const bareMissing = [...acked].filter((n) => !consumed.has(n));
    console.log(
      `faults: ${acked.size} acknowledged, ${counts.size} in the log, supervised consumer read all (${supervised.rebuilds} rebuilds, ` +
        `${watchdogEvents.filter((e) => e.type === 'gap').length} gap re-reads); bare KafkaJS consumer missed ${bareMissing.length}; ` +
        `${numbered.sendErrors} failed sends; bare consumer events: ${events.join(' | ')}`,
    );
  }, 300_000);
});
