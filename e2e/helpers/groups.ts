import { execFileSync } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const kafka = new Kafka({ clientId: 't5-e2e', brokers: [BROKERS], logLevel: logLevel.NOTHING });

/**
 * A lagging consumer group made by kcat: `produced` messages on a new one-partition topic, of
 * which kcat consumed (and committed) `consumed`. Returns a cleanup.
 */
export async function makeLaggingGroup(topic: string, group: string, produced: number, consumed: number): Promise<() => Promise<void>> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: false });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await admin.fetchTopicOffsets(topic)).length === 1) break;
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const lines = Array.from({ length: produced }, (_, i) => `e2e-${i}`).join('\n') + '\n';
  execFileSync('kcat', ['-b', BROKERS, '-P', '-t', topic], { input: lines, timeout: 60_000 });
  execFileSync('kcat', ['-b', BROKERS, '-G', group, '-X', 'auto.offset.reset=earliest', '-c', String(consumed), '-q', topic], { timeout: 60_000 });
  return async () => {
    await admin.deleteGroups([group]).catch(() => {});
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  };
}
