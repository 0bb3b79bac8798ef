import { describe, expect, it } from 'vitest';
import { alterConfigsInput, createTopicSchema, humanBytes, humanDuration, joinUnits, DURATION_UNITS, metricCollisions, purgeInput, splitUnits, topicListQuery, topicName, addPartitionsSchema } from './topics';

describe('topicName (Kafka rules)', () => {
  it('accepts legal names up to 249 characters', () => {
    for (const n of ['a', 'orders.v1', 'a_b-c', 'x'.repeat(249), '...']) expect(topicName.safeParse(n).success).toBe(true);
  });
  it('rejects empty, ".", "..", too long and illegal characters', () => {
    for (const n of ['', '.', '..', 'x'.repeat(250), 'a b', 'a/b', 'ä', 'a:b']) expect(topicName.safeParse(n).success).toBe(false);
  });
});

describe('metricCollisions', () => {
  it("finds names equal once '.' becomes '_'", () => {
    expect(metricCollisions('a.b', ['a_b', 'a.b', 'ab', 'a-b'])).toEqual(['a_b']);
    expect(metricCollisions('plain', ['plain'])).toEqual([]);
  });
});

describe('createTopicSchema', () => {
  const ok = { name: 't3-x', partitions: 3, replicationFactor: 1, configs: {} };
  it('bounds the replication factor by live brokers', () => {
    expect(createTopicSchema({ liveBrokers: 1 }).safeParse(ok).success).toBe(true);
    const r = createTopicSchema({ liveBrokers: 1 }).safeParse({ ...ok, replicationFactor: 2 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['replicationFactor']);
  });
  it('rejects 0, negative and fractional partitions', () => {
    for (const p of [0, -1, 1.5]) expect(createTopicSchema().safeParse({ ...ok, partitions: p }).success).toBe(false);
  });
  it('keeps min.insync.replicas ≤ replication factor', () => {
    const r = createTopicSchema().safeParse({ ...ok, configs: { 'min.insync.replicas': '2' } });
    expect(r.error?.issues[0]?.path).toEqual(['configs', 'min.insync.replicas']);
    expect(createTopicSchema().safeParse({ ...ok, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } }).success).toBe(true);
  });
  it('rejects malformed config keys', () => {
    expect(createTopicSchema().safeParse({ ...ok, configs: { 'Bad Key': '1' } }).success).toBe(false);
  });
});

describe('other inputs', () => {
  it('alterConfigs needs a change and no key both set and reset', () => {
    expect(alterConfigsInput.safeParse({}).success).toBe(false);
    expect(alterConfigsInput.safeParse({ set: { 'retention.ms': '1' }, delete: ['retention.ms'] }).success).toBe(false);
    expect(alterConfigsInput.safeParse({ delete: ['retention.ms'] }).success).toBe(true);
  });
  it('addPartitions needs more than the current count', () => {
    expect(addPartitionsSchema(3).safeParse({ count: 3 }).success).toBe(false);
    expect(addPartitionsSchema(3).safeParse({ count: 4 }).success).toBe(true);
  });
  it('purge is everything or a partition up to an offset', () => {
    expect(purgeInput.safeParse({ mode: 'all' }).success).toBe(true);
    expect(purgeInput.safeParse({ mode: 'offset', partition: 0, offset: -1 }).success).toBe(false);
  });
  it('list query defaults and bounds', () => {
    expect(topicListQuery.parse({})).toMatchObject({ search: '', internal: false, sort: 'name', dir: 'asc', cursor: 0, limit: 100 });
    expect(topicListQuery.safeParse({ limit: '5000' }).success).toBe(false);
  });
});

describe('human units', () => {
  it('splits and joins', () => {
    expect(splitUnits('604800000', DURATION_UNITS)).toEqual({ amount: '7', unit: 'd' });
    expect(joinUnits('1.5', 'h', DURATION_UNITS)).toBe('5400000');
    expect(humanDuration('-1')).toBe('unlimited');
    expect(humanBytes('1073741824')).toBe('1 GiB');
    expect(humanBytes('1000')).toBe('1000 B');
  });
});
