import { Kafka, logLevel, type Admin } from 'kafkajs';

export function benchKafka(brokers: string, clientId = 'riffle-bench'): Kafka {
  return new Kafka({ clientId, brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

/** Creates a topic (waiting for leaders) and returns a function that deletes it. */
export async function withTopic(admin: Admin, topic: string, partitions = 3): Promise<() => Promise<void>> {
  // KafkaJS's createTopics refreshes metadata of every topic it knows, which fails for a moment
  // while another topic is being deleted: retry, then wait for leaders ourselves.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: false });
      break;
    } catch (err) {
      if ((err as { type?: string }).type === 'TOPIC_ALREADY_EXISTS') break;
      if (attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  for (let i = 0; i < 200; i++) {
    const md = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => null);
    const t = md?.topics.find((x) => x.name === topic);
    if (t && t.partitions.length === partitions && t.partitions.every((p) => p.leader >= 0)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
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
