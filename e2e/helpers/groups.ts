import { execFileSync } from 'node:child_process';
import { TestAdmin } from '../../test/helpers/kafka-admin';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';

/**
 * A lagging consumer group made by kcat: `produced` messages on a new one-partition topic, of
 * which kcat consumed (and committed) `consumed`. Returns a cleanup.
 */
export async function makeLaggingGroup(topic: string, group: string, produced: number, consumed: number): Promise<() => Promise<void>> {
  const admin = new TestAdmin('t5-e2e', BROKERS);
  await admin.createTopics([{ topic, numPartitions: 1 }]);
  const lines = Array.from({ length: produced }, (_, i) => `e2e-${i}`).join('\n') + '\n';
  execFileSync('kcat', ['-b', BROKERS, '-P', '-t', topic], { input: lines, timeout: 60_000 });
  execFileSync('kcat', ['-b', BROKERS, '-G', group, '-X', 'auto.offset.reset=earliest', '-c', String(consumed), '-q', topic], { timeout: 60_000 });
  return async () => {
    await admin.deleteGroups([group]);
    await admin.deleteTopics([topic]).catch(() => {});
    await admin.close();
  };
}
