import 'server-only';
import { Consumer, type MessagesStream } from '@platformatic/kafka';
import { clientOptions, clusterConn } from './client';

/**
 * Reads a topic from its beginning and keeps following it, in a group of its own that never
 * commits (so it moves nobody's offsets). For small control topics read by the console.
 */
export interface FollowEvents {
  onRecord(key: Buffer | null, value: Buffer | null): void;
  onReady(): void;
  onError(err: unknown): void;
}

export interface Following {
  close(): Promise<void>;
}

export async function followTopic(clusterId: string, topic: string, groupId: string, events: FollowEvents): Promise<Following> {
  const conn = clusterConn(clusterId);
  const consumer = new Consumer({ ...clientOptions(conn.config, 'riffle-console-status', conn.seeds()), groupId, sessionTimeout: 10_000, heartbeatInterval: 2_000, autocommit: false });
  let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>;
  try {
    stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false, maxWaitTime: 500 });
  } catch (err) {
    await consumer.close(true).catch(() => {});
    throw err;
  }
  consumer.on('consumer:group:join', () => events.onReady());
  stream.on('data', (m: { key: Buffer | null; value: Buffer | null }) => events.onRecord(m.key ?? null, m.value ?? null));
  stream.on('error', (err: unknown) => events.onError(err));
  events.onReady();
  return {
    async close() {
      await stream.close().catch(() => {});
      await consumer.close(true).catch(() => {});
    },
  };
}
