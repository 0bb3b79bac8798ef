import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './helpers/api';
import { BOOTSTRAP, kcat } from './helpers/kcat';

/**
 * The broker version in kafka/pom.xml was chosen because every KafkaJS call the console makes
 * works against it (Kafka 4 removed old protocol versions). This suite is that evidence: if a
 * broker upgrade breaks one of them, it fails here, by name.
 */
const kafka = new Kafka({ clientId: 'riffle-compat-test', brokers: [BOOTSTRAP], logLevel: logLevel.NOTHING });
const topic = `compat-${Date.now()}`;
const group = `compat-group-${Date.now()}`;
let admin: Admin;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
});
afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin.disconnect();
});

describe('KafkaJS 2.2.4 against the local broker', () => {
  it('creates a topic with configs, and metadata lists it', async () => {
    await admin.createTopics({
      topics: [{ topic, numPartitions: 2, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] }],
      waitForLeaders: true,
    });
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(topics[0]!.partitions).toHaveLength(2);
  });

  it('describes and alters topic configs, adds partitions', async () => {
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: topic, configEntries: [{ name: 'retention.ms', value: '7200000' }] }] });
    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic, configNames: ['retention.ms'] }] });
    expect(resources[0]!.configEntries[0]!.configValue).toBe('7200000');
    await admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] });
    // The new partition reaches every broker's metadata cache shortly after the call returns.
    await waitFor(async () => (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.length === 3, { what: 'metadata with 3 partitions' });
    expect((await admin.fetchTopicOffsets(topic)).length).toBe(3);
  });

  it('produces idempotently and the records are readable by kcat', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, headers: { h: 'x' } })) });
    await producer.disconnect();
    const out = await kcat(['-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%k=%s\n']);
    expect(out.trim().split('\n').sort()).toEqual(['k0=v0', 'k1=v1', 'k2=v2', 'k3=v3', 'k4=v4', 'k5=v5']);
  });

  it('consumes in a group, then describes, reads offsets of, resets and deletes the group', async () => {
    const consumer = kafka.consumer({ groupId: group });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async () => {
          if (++seen === 6) resolve();
        },
      });
    });
    const described = await admin.describeGroups([group]);
    expect(described.groups[0]!.state).toBe('Stable');
    await consumer.disconnect();
    const offsets = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const committed = offsets[0]!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
    expect(committed).toBe(6);
    await admin.resetOffsets({ groupId: group, topic, earliest: true });
    await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '0' }] });
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).toContain(group);
    await admin.deleteGroups([group]);
  });

  it('looks up offsets by timestamp and deletes records', async () => {
    const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, Date.now() - 60_000);
    expect(byTime).toHaveLength(3);
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.deleteTopicRecords({ topic, partitions: offsets.map((p) => ({ partition: p.partition, offset: p.high })) });
    const after = await admin.fetchTopicOffsets(topic);
    for (const p of after) expect(p.low).toBe(p.high);
  });

  it('runs a transaction with sendOffsets (exactly-once read-process-write)', async () => {
    const tp = kafka.producer({ transactionalId: `tx-${topic}`, idempotent: true, maxInFlightRequests: 1 });
    await tp.connect();
    const tx = await tp.transaction();
    await tx.send({ topic, messages: [{ value: 'in a transaction' }] });
    await tx.sendOffsets({ consumerGroupId: `${group}-tx`, topics: [{ topic, partitions: [{ partition: 0, offset: '1' }] }] });
    await tx.commit();
    await tp.disconnect();
    const out = await kcat(['-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-X', 'isolation.level=read_committed', '-f', '%s\n']);
    expect(out).toContain('in a transaction');
    await admin.deleteGroups([`${group}-tx`]);
  });
});
