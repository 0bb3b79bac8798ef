import { Kafka, logLevel, type Admin, type ITopicConfig } from 'kafkajs';
import { BOOTSTRAP } from './kcat';

/** A plain KafkaJS admin for test set-up (creating and deleting the test's own topics). */
export async function testAdmin(): Promise<Admin> {
  const admin = new Kafka({ clientId: 'riffle-test-setup', brokers: [BOOTSTRAP], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  return admin;
}

/**
 * Creates topics and waits until every partition has a leader. KafkaJS's createTopics refreshes
 * metadata for the whole cluster, which fails for a moment while another suite deletes its
 * topics on the shared broker; so this retries, and counts "already exists" as done.
 */
export async function createTestTopics(admin: Admin, topics: ITopicConfig[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.createTopics({ topics, waitForLeaders: false });
      break;
    } catch (err) {
      const type = (err as { type?: string }).type;
      if (type === 'TOPIC_ALREADY_EXISTS') break;
      if (attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  for (let i = 0; i < 200; i++) {
    const md = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.topic) }).catch(() => null);
    const ready = (want: ITopicConfig) => {
      const t = md?.topics.find((x) => x.name === want.topic);
      return !!t && t.partitions.length === (want.numPartitions ?? 1) && t.partitions.every((p) => p.leader >= 0);
    };
    if (topics.every(ready)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`topics ${topics.map((t) => t.topic).join(', ')} have no leaders after 20 s`);
}
