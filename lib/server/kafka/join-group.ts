import 'server-only';
import { Consumer, type ConsumerGroupJoinPayload, type MessagesStream } from '@platformatic/kafka';
import { clientOptions, clusterConn } from './client';
import { kafkaErrorInfo } from './kafka-errors';

/**
 * Membership of a classic consumer group on one topic, for electing among console instances:
 * Kafka assigns the topic's partitions, and whoever holds partition 0 is elected. Nothing is
 * read and nothing is committed; a rebalance or an error says "not elected" until the next
 * assignment. close() leaves the group at once (LeaveGroup), so a standby takes over without
 * waiting for the session timeout.
 */

export interface GroupMembershipEvents {
  /** The partitions of the topic this member holds after a (re)join. */
  onAssigned(partitions: number[]): void;
  /** Assignment is moving (rebalance) or membership is lost. */
  onRevoked(): void;
  /** Membership failed and stopped; the caller decides when to join again. */
  onFailed(err: unknown): void;
}

export interface GroupMembership {
  close(): Promise<void>;
}

/** Creates a topic if it isn't there ("already exists" is success). */
export async function ensureTopic(clusterId: string, topic: string, partitions: number): Promise<void> {
  try {
    await clusterConn(clusterId).withAdmin((admin) => admin.createTopics({ topics: [topic], partitions, replicas: -1 }));
  } catch (err) {
    if (kafkaErrorInfo(err).type !== 'TOPIC_ALREADY_EXISTS') throw err;
  }
}

export async function joinGroup(clusterId: string, groupId: string, topic: string, events: GroupMembershipEvents, timing = { sessionTimeout: 10_000, rebalanceTimeout: 10_000, heartbeatInterval: 1_000 }): Promise<GroupMembership> {
  const conn = clusterConn(clusterId);
  const consumer = new Consumer({ ...clientOptions(conn.config, 'riffle-election', conn.seeds()), groupId, ...timing, autocommit: false });
  let closed = false;
  let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | null = null;
  const fail = (err: unknown) => {
    if (closed) return;
    closed = true;
    events.onRevoked();
    void stream?.close().catch(() => {});
    void consumer.close(true).catch(() => {});
    events.onFailed(err);
  };
  consumer.on('consumer:group:join', (e: ConsumerGroupJoinPayload) => {
    events.onAssigned((e.assignments ?? []).filter((a) => a.topic === topic).flatMap((a) => a.partitions));
  });
  consumer.on('consumer:group:rebalance', () => events.onRevoked());
  consumer.on('consumer:group:leave', () => events.onRevoked());
  consumer.on('consumer:heartbeat:error', () => events.onRevoked());
  try {
    // consume() is what subscribes and joins; the stream only idles (nothing is produced there).
    stream = await consumer.consume({ topics: [topic], mode: 'latest', autocommit: false, maxWaitTime: 5_000 });
    stream.on('data', () => {});
    stream.on('error', fail);
  } catch (err) {
    closed = true;
    await consumer.close(true).catch(() => {});
    throw err;
  }
  return {
    async close() {
      if (closed) return;
      closed = true;
      events.onRevoked();
      await stream?.close().catch(() => {});
      await consumer.close().catch(() => {}); // leaves the group
    },
  };
}
