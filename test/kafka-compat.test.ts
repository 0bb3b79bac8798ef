import { Admin, ConfigResourceTypes, Consumer, MessagesStreamModes, Producer, ProduceAcks, type Message } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './helpers/api';
import { BOOTSTRAP, kcat } from './helpers/kcat';

/**
 * The broker version in kafka/pom.xml must accept every @platformatic/kafka call the console
 * and the pipeline make (Kafka 4 removed old protocol versions). This suite is that evidence:
 * if a broker upgrade breaks one of them, it fails here, by name.
 */
const options = { clientId: 'riffle-compat-test', bootstrapBrokers: BOOTSTRAP.split(','), retries: 3, retryDelay: 250 };
const topic = `compat-${Date.now()}`;
const group = `compat-group-${Date.now()}`;
let admin: Admin;

const partitionCount = async () => (await admin.metadata({ topics: [topic], forceUpdate: true })).topics.get(topic)?.partitionsCount ?? 0;
async function offsets(timestamp: bigint) {
  const partitions = Array.from({ length: await partitionCount() }, (_, partitionIndex) => ({ partitionIndex, timestamp }));
  return (await admin.listOffsets({ topics: [{ name: topic, partitions }] }))[0]!.partitions;
}

beforeAll(async () => {
  admin = new Admin(options);
});
afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin.close();
});

describe('@platformatic/kafka against the local broker', () => {
  it('creates a topic with configs, and metadata lists it', async () => {
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1, configs: [{ name: 'retention.ms', value: '3600000' }] });
    await waitFor(async () => (await admin.metadata({ topics: [topic], forceUpdate: true }).catch(() => null))?.topics.get(topic)?.partitions.every((p) => p.leader >= 0), { what: 'leaders' });
    expect(await partitionCount()).toBe(2);
  });

  it('describes and alters topic configs, adds partitions', async () => {
    await admin.alterConfigs({ validateOnly: false, resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configs: [{ name: 'retention.ms', value: '7200000' }] }] });
    const [described] = await admin.describeConfigs({ includeSynonyms: false, resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configurationKeys: ['retention.ms'] }] });
    expect(described!.configs[0]!.value).toBe('7200000');
    await admin.createPartitions({ topics: [{ name: topic, count: 3 }] });
    // The new partition reaches every broker's metadata cache shortly after the call returns.
    await waitFor(async () => (await partitionCount()) === 3, { what: 'metadata with 3 partitions' });
    expect(await offsets(-1n)).toHaveLength(3);
  });

  it('produces idempotently and the records are readable by kcat', async () => {
    const producer = new Producer({ ...options, idempotent: true, acks: ProduceAcks.ALL });
    await producer.send({
      messages: Array.from({ length: 6 }, (_, i) => ({ topic, key: Buffer.from(`k${i}`), value: Buffer.from(`v${i}`), headers: new Map([[Buffer.from('h'), Buffer.from('x')]]) })),
    });
    await producer.close();
    const out = await kcat(['-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%k=%s\n']);
    expect(out.trim().split('\n').sort()).toEqual(['k0=v0', 'k1=v1', 'k2=v2', 'k3=v3', 'k4=v4', 'k5=v5']);
  });

  it('consumes in a group, then describes, reads offsets of, resets and deletes the group', async () => {
    const consumer = new Consumer({ ...options, groupId: group, autocommit: true });
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST });
    let seen = 0;
    await new Promise<void>((resolve) => {
      stream.on('data', () => {
        if (++seen === 6) resolve();
      });
    });
    // autocommit commits each message as it is read; wait for the last commit to land before describing.
    await waitFor(
      async () => {
        const [g] = await admin.listConsumerGroupOffsets({ groups: [group] });
        return (g?.topics[0]?.partitions ?? []).reduce((n, p) => n + Math.max(0, Number(p.committedOffset)), 0) === 6;
      },
      { what: 'six committed offsets' },
    );
    const described = await admin.describeGroups({ groups: [group] });
    expect(described.get(group)!.state).toBe('Stable');
    await stream.close();
    await consumer.close();
    const [committedGroup] = await admin.listConsumerGroupOffsets({ groups: [group] });
    const committed = committedGroup!.topics[0]!.partitions.reduce((n, p) => n + Math.max(0, Number(p.committedOffset)), 0);
    expect(committed).toBe(6);
    const earliest = await offsets(-2n);
    await admin.alterConsumerGroupOffsets({ groupId: group, topics: [{ name: topic, partitionOffsets: earliest.map((p) => ({ partition: p.partitionIndex, offset: p.offset })) }] });
    await admin.alterConsumerGroupOffsets({ groupId: group, topics: [{ name: topic, partitionOffsets: [{ partition: 0, offset: 0n }] }] });
    expect([...(await admin.listGroups()).keys()]).toContain(group);
    await admin.deleteGroups({ groups: [group] });
  });

  it('looks up offsets by timestamp and deletes records', async () => {
    const byTime = await offsets(BigInt(Date.now() - 60_000));
    expect(byTime).toHaveLength(3);
    const ends = await offsets(-1n);
    await admin.deleteRecords({ topics: [{ name: topic, partitions: ends.map((p) => ({ partition: p.partitionIndex, offset: p.offset })) }] });
    const [low, high] = [await offsets(-2n), await offsets(-1n)];
    for (const p of high) expect(low.find((l) => l.partitionIndex === p.partitionIndex)!.offset).toBe(p.offset);
  });

  it('runs a transaction with a consumer offset (exactly-once read-process-write)', async () => {
    // The record read and the offset committed in the transaction: kcat can then see the output.
    const plain = new Producer({ ...options, acks: ProduceAcks.ALL });
    await plain.send({ messages: [{ topic, partition: 0, value: Buffer.from('input') }] });
    await plain.close();
    const producer = new Producer({ ...options, idempotent: true, transactionalId: `tx-${topic}`, acks: ProduceAcks.ALL });
    const consumer = new Consumer({ ...options, groupId: `${group}-tx`, autocommit: false });
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST });
    const input = await new Promise<Message>((resolve) => stream.once('data', resolve));
    const tx = await producer.beginTransaction();
    await tx.addConsumer(consumer);
    await tx.send({ messages: [{ topic, partition: 0, value: Buffer.from('in a transaction') }] });
    await tx.addOffset(input);
    await tx.commit();
    await stream.close();
    await consumer.close();
    await producer.close();
    const out = await kcat(['-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-X', 'isolation.level=read_committed', '-f', '%s\n']);
    expect(out).toContain('in a transaction');
    await admin.deleteGroups({ groups: [`${group}-tx`] });
  });
});
