import { Admin, listOffsetsV9, metadataV12, Producer, type CompressionAlgorithmValue } from '@platformatic/kafka';
import { BOOTSTRAP } from './kcat';

/**
 * A plain @platformatic/kafka admin for test set-up (creating and deleting a test's own topics
 * and groups), separate from the console's own clients. What tests check the console against
 * comes from kcat and Kafka's Java tools; this only arranges the cluster.
 */
export class TestAdmin {
  readonly admin: Admin;
  #producer: Producer | null = null;

  readonly brokers: string[];

  constructor(clientId = 'riffle-test-setup', brokers = BOOTSTRAP) {
    this.brokers = brokers.split(',');
    this.admin = new Admin({ clientId, bootstrapBrokers: this.brokers, retries: 3, retryDelay: 250 });
  }

  /** Creates topics and waits until every partition has a leader; "already exists" counts as done. */
  async createTopics(topics: { topic: string; numPartitions?: number; replicationFactor?: number; configs?: Record<string, string> }[]): Promise<void> {
    for (const t of topics) {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.admin.createTopics({
            topics: [t.topic],
            partitions: t.numPartitions ?? 1,
            replicas: t.replicationFactor ?? 1,
            configs: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
          });
          break;
        } catch (err) {
          if (hasType(err, 'TOPIC_ALREADY_EXISTS')) break;
          if (attempt >= 20) throw err;
          await sleep(250);
        }
      }
    }
    for (let i = 0; i < 200; i++) {
      const md = await this.admin.metadata({ topics: topics.map((t) => t.topic), forceUpdate: true }).catch(() => null);
      const ready = (want: (typeof topics)[number]) => {
        const t = md?.topics.get(want.topic);
        return !!t && t.partitionsCount === (want.numPartitions ?? 1) && t.partitions.every((p) => p.leader >= 0);
      };
      if (topics.every(ready)) return;
      await sleep(100);
    }
    throw new Error(`topics ${topics.map((t) => t.topic).join(', ')} have no leaders after 20 s`);
  }

  async deleteTopics(topics: string[]): Promise<void> {
    if (topics.length === 0) return;
    await this.admin.deleteTopics({ topics }).catch((err: unknown) => {
      if (!hasType(err, 'UNKNOWN_TOPIC_OR_PARTITION')) throw err;
    });
  }

  async deleteGroups(groups: string[]): Promise<void> {
    if (groups.length === 0) return;
    await this.admin.deleteGroups({ groups }).catch(() => {});
  }

  async listTopics(): Promise<string[]> {
    return this.admin.listTopics({ includeInternals: true });
  }

  /** Earliest and latest offset of every partition, as numbers (raw requests to each leader). */
  async topicOffsets(topic: string): Promise<{ partition: number; low: number; high: number }[]> {
    // Raw requests: the client's metadata() leaves internal topics (__consumer_offsets) out, and
    // its listOffsets() then throws an uncaught TypeError for them.
    const any = [...(await this.admin.connectToBrokers(null)).values()][0]!;
    const md = await metadataV12.api.async(any, [topic], false, false);
    const partitions = md.topics.find((t) => t.name === topic && t.errorCode === 0)?.partitions ?? [];
    const brokers = new Map(md.brokers.map((b) => [b.nodeId, { host: b.host, port: b.port }]));
    const ask = async (leader: number, partition: number, timestamp: bigint) => {
      const connection = await this.admin.connections.get(brokers.get(leader)!);
      const res = await listOffsetsV9.api.async(connection, -1, 0, [{ name: topic, partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp }] }]);
      return Number(res.topics[0]!.partitions[0]!.offset);
    };
    const out = await Promise.all(
      partitions.map(async (p) => ({ partition: p.partitionIndex, low: await ask(p.leaderId, p.partitionIndex, -2n), high: await ask(p.leaderId, p.partitionIndex, -1n) })),
    );
    return out.sort((a, b) => a.partition - b.partition);
  }

  /** Produces records (acks=all) and returns where each landed. */
  async produce(
    topic: string,
    messages: { key?: string | Buffer | null; value: string | Buffer | null; partition?: number; headers?: Record<string, string>; timestamp?: number }[],
    options: { compression?: CompressionAlgorithmValue } = {},
  ): Promise<{ partition: number; offset: number }[]> {
    this.#producer ??= new Producer({ clientId: 'riffle-test-producer', bootstrapBrokers: this.brokers, retries: 3, acks: -1 });
    const buf = (v: string | Buffer | null | undefined) => (v == null ? undefined : Buffer.isBuffer(v) ? v : Buffer.from(v));
    const res = await this.#producer.send({
      messages: messages.map((m) => ({
        topic,
        key: buf(m.key),
        value: buf(m.value),
        partition: m.partition,
        timestamp: m.timestamp === undefined ? undefined : BigInt(m.timestamp),
        headers: m.headers ? new Map(Object.entries(m.headers).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])) : undefined,
      })) as never,
      compression: options.compression,
    });
    return (res.offsets ?? []).map((o) => ({ partition: o.partition, offset: Number(o.offset) }));
  }

  async close(): Promise<void> {
    await Promise.all([this.admin.close().catch(() => {}), this.#producer?.close().catch(() => {})]);
  }
}

/** Does the client's error (or any error it holds) carry this Kafka error name? */
export function hasType(err: unknown, type: string): boolean {
  const seen = new Set<unknown>();
  const visit = (e: unknown): boolean => {
    if (!e || typeof e !== 'object' || seen.has(e)) return false;
    seen.add(e);
    const x = e as { apiId?: string; type?: string; errors?: unknown[]; cause?: unknown };
    if (x.apiId === type || x.type === type) return true;
    return (x.errors ?? []).some(visit) || visit(x.cause);
  };
  return visit(err);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A connected test admin (close it when done). */
export async function testAdmin(clientId?: string): Promise<TestAdmin> {
  return new TestAdmin(clientId);
}

/** Creates topics and waits for their leaders (see TestAdmin.createTopics). */
export async function createTestTopics(admin: TestAdmin, topics: Parameters<TestAdmin['createTopics']>[0]): Promise<void> {
  await admin.createTopics(topics);
}
