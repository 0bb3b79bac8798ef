import { Kafka, logLevel, type Admin } from 'kafkajs';
import { BOOTSTRAP, kcat } from '../helpers/kcat';

export const kafka = new Kafka({ clientId: 't5-groups-test', brokers: [BOOTSTRAP], logLevel: logLevel.NOTHING });

export const uniq = (what: string) => `t5-${what}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

export async function connectAdmin(): Promise<Admin> {
  const admin = kafka.admin();
  await admin.connect();
  return admin;
}

export async function createTopic(admin: Admin, topic: string, partitions: number): Promise<void> {
  // waitForLeaders can surface a transient UNKNOWN_TOPIC_OR_PARTITION while metadata propagates:
  // wait for every partition's leader ourselves instead.
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: false });
  // The shared broker can be busy (other suites create thousands of topics): allow a minute.
  for (let i = 0; i < 300; i++) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const parts = topics[0]?.partitions ?? [];
      if (parts.length === partitions && parts.every((p) => p.leader >= 0)) {
        const offsets = await admin.fetchTopicOffsets(topic);
        if (offsets.length === partitions) return;
      }
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`topic ${topic} has no leaders after 60 s`);
}

/** Produces `count` messages to one partition with kcat. */
export async function produceTo(topic: string, partition: number, count: number, tag = 'm'): Promise<void> {
  if (count === 0) return;
  const lines = Array.from({ length: count }, (_, i) => `${tag}-${partition}-${i}`).join('\n') + '\n';
  await kcat(['-P', '-t', topic, '-p', String(partition)], lines);
}

/** End offsets (high watermarks) from kcat: librdkafka is the independent opinion. */
export async function kcatEndOffsets(topic: string, partitions: number): Promise<Map<number, number>> {
  const args = ['-Q', '-J', '-X', 'isolation.level=read_uncommitted'];
  for (let p = 0; p < partitions; p++) args.push('-t', `${topic}:${p}:-1`);
  const out = JSON.parse(await kcat(args)) as Record<string, Record<string, { partition: number; offset: number }>>;
  const t = out[topic]!;
  const m = new Map<number, number>();
  for (const [k, v] of Object.entries(t)) if (/^\d+$/.test(k)) m.set(v.partition, v.offset);
  return m;
}

/** Committed offsets from KafkaJS's admin (the second opinion): null where the group has none. */
export async function adminCommitted(admin: Admin, groupId: string, topic: string): Promise<Map<number, number | null>> {
  const res = await admin.fetchOffsets({ groupId, topics: [topic] });
  const m = new Map<number, number | null>();
  for (const p of res[0]!.partitions) m.set(p.partition, Number(p.offset) < 0 ? null : Number(p.offset));
  return m;
}

/** Consumes with kcat in a group until `count` messages arrived; kcat commits on close. Returns "partition:offset" lines. */
export async function kcatConsumeInGroup(group: string, topic: string, count: number): Promise<{ partition: number; offset: number }[]> {
  const out = await kcat(['-G', group, '-X', 'auto.offset.reset=earliest', '-c', String(count), '-q', '-f', '%p:%o\\n', topic]);
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [p, o] = l.split(':');
      return { partition: Number(p), offset: Number(o) };
    });
}

export async function deleteGroupQuietly(admin: Admin, groupId: string): Promise<void> {
  await admin.deleteGroups([groupId]).catch(() => {});
}
