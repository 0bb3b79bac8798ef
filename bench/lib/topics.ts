import { Kafka, logLevel, type Admin } from 'kafkajs';

export function benchKafka(brokers: string, clientId = 'riffle-bench'): Kafka {
  return new Kafka({ clientId, brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

/** Creates a topic (waiting for leaders) and returns a function that deletes it. */
export async function withTopic(admin: Admin, topic: string, partitions = 3): Promise<() => Promise<void>> {
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
  return async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  };
}

/** Fills a topic with n messages of about `bytes` bytes via kcat (fast, and independent of Riffle). */
export function fillLines(n: number, bytes = 200): string {
  const pad = 'x'.repeat(Math.max(0, bytes - 40));
  let out = '';
  for (let i = 0; i < n; i++) out += `{"n":${i},"ts":${Date.now()},"pad":"${pad}"}\n`;
  return out;
}
