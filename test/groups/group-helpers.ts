import { Consumer, Producer } from '@platformatic/kafka';
import { TestAdmin } from '../helpers/kafka-admin';
import { BOOTSTRAP, kcat } from '../helpers/kcat';

/** The set-up admin for group tests: TestAdmin plus committing and reading a group's offsets from outside it. */
export class GroupTestAdmin extends TestAdmin {
  /** Commits offsets for an empty group (as kafka-consumer-groups.sh --reset-offsets does). */
  async setOffsets(groupId: string, topic: string, partitions: { partition: number; offset: number }[]): Promise<void> {
    await this.admin.alterConsumerGroupOffsets({ groupId, topics: [{ name: topic, partitionOffsets: partitions.map((p) => ({ partition: p.partition, offset: BigInt(p.offset) })) }] });
  }

  /** The group's state as the library's DescribeGroups (classic groups) reports it. */
  async groupState(groupId: string): Promise<string | undefined> {
    return (await this.admin.describeGroups({ groups: [groupId] })).get(groupId)?.state;
  }

  /** Every group id, of every type. */
  async groupIds(): Promise<string[]> {
    return [...(await this.admin.listGroups({ types: ['classic', 'consumer', 'share', 'streams'] })).keys()];
  }
}

export const uniq = (what: string) => `t5-${what}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

export async function connectAdmin(): Promise<GroupTestAdmin> {
  return new GroupTestAdmin('t5-groups-test');
}

export async function createTopic(admin: TestAdmin, topic: string, partitions: number): Promise<void> {
  await admin.createTopics([{ topic, numPartitions: partitions }]);
}

export interface TestConsumer {
  /** Commits offsets as a member of the group (the next offset to read, per partition). */
  commit(topic: string, offsets: { partition: number; offset: number }[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * A classic-protocol group member reading `topic` from the beginning with @platformatic/kafka.
 * autocommit false: it only commits what the test commits.
 */
export async function startConsumer(groupId: string, topic: string, opts: { autocommit?: boolean; sessionTimeout?: number; heartbeatInterval?: number; rebalanceTimeout?: number } = {}): Promise<TestConsumer> {
  const consumer = new Consumer({
    clientId: 't5-groups-test',
    bootstrapBrokers: BOOTSTRAP.split(','),
    groupId,
    sessionTimeout: opts.sessionTimeout ?? 10_000,
    rebalanceTimeout: opts.rebalanceTimeout ?? 10_000,
    heartbeatInterval: opts.heartbeatInterval ?? 1_000,
    autocommit: opts.autocommit ?? false,
  });
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: opts.autocommit ?? false, maxWaitTime: 500 });
  stream.on('data', () => {});
  stream.on('error', () => {});
  return {
    async commit(t, offsets) {
      await consumer.commit({ offsets: offsets.map((o) => ({ topic: t, partition: o.partition, offset: BigInt(o.offset), leaderEpoch: -1 })) });
    },
    async close() {
      await stream.close().catch(() => {});
      await consumer.close().catch(() => {});
    },
  };
}

export function testProducer(options: { transactionalId?: string } = {}): Producer {
  return new Producer({ clientId: 't5-groups-producer', bootstrapBrokers: BOOTSTRAP.split(','), acks: -1, ...(options.transactionalId ? { idempotent: true, transactionalId: options.transactionalId } : {}) });
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

/** Committed offsets from the library's admin (the second opinion): null where the group has none. */
export async function adminCommitted(admin: TestAdmin, groupId: string, topic: string): Promise<Map<number, number | null>> {
  const [offsets, md] = await Promise.all([admin.admin.listConsumerGroupOffsets({ groups: [groupId] }), admin.topicOffsets(topic)]);
  const committed = offsets[0]?.topics.find((t) => t.name === topic)?.partitions ?? [];
  const m = new Map<number, number | null>();
  for (const { partition } of md) {
    const c = committed.find((p) => p.partitionIndex === partition);
    m.set(partition, c && c.committedOffset >= 0n ? Number(c.committedOffset) : null);
  }
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

export async function deleteGroupQuietly(admin: TestAdmin, groupId: string): Promise<void> {
  await admin.deleteGroups([groupId]);
}
