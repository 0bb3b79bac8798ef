import type { BaseOptions } from '@platformatic/kafka';
import { TestAdmin } from '../../test/helpers/kafka-admin';

/** Options for a bare @platformatic/kafka client of the bench's own (a baseline, or set-up). */
export function benchOptions(brokers: string, clientId = 'riffle-bench'): BaseOptions & { clientId: string; bootstrapBrokers: string[] } {
  return { clientId, bootstrapBrokers: brokers.split(','), retries: 3, retryDelay: 250 };
}

/** An admin for set-up and clean-up (topics, groups); close it when done. */
export function benchAdmin(brokers: string, clientId = 'riffle-bench'): TestAdmin {
  return new TestAdmin(clientId, brokers);
}

/** Creates a topic (waiting for leaders) and returns a function that deletes it. */
export async function withTopic(admin: TestAdmin, topic: string, partitions = 3): Promise<() => Promise<void>> {
  await admin.createTopics([{ topic, numPartitions: partitions, replicationFactor: 1 }]);
  return async () => {
    await admin.deleteTopics([topic]).catch(() => {});
  };
}

/** Fills a topic with n messages of about `bytes` bytes via kcat (fast, and independent of Riffle). */
export function fillLines(n: number, bytes = 200): string {
  const pad = 'x'.repeat(Math.max(0, bytes - 40));
  let out = '';
  for (let i = 0; i < n; i++) out += `{"n":${i},"ts":${Date.now()},"pad":"${pad}"}\n`;
  return out;
}
