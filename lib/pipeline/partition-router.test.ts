import { Partitioners, type Message } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { PartitionRouter } from './kafka';

const partitionMetadata = (n: number) => Array.from({ length: n }, (_, partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));

describe('PartitionRouter', () => {
  const stations = ['Seattle', 'New York', 'Synthetic 01', 'Synthetic 02', 'Synthetic 03', 'Synthetic 04', 'Synthetic 05'];
  const messages: Message[] = Array.from({ length: 70 }, (_, i) => ({ key: stations[i % stations.length]!, value: String(i) }));

  it('puts each key on the partition KafkaJS would have picked, so stations stay where their records always went', () => {
    const kafkajs = Partitioners.DefaultPartitioner();
    const groups = new PartitionRouter({ raw: 4 }).split('raw', messages);
    for (const g of groups) {
      for (const m of g.messages) {
        expect(m.partition).toBe(g.partition);
        expect(kafkajs({ topic: 'raw', partitionMetadata: partitionMetadata(4), message: { key: m.key, value: m.value } })).toBe(g.partition);
      }
    }
    // more than one partition here, or the test would not show the split
    expect(groups.length).toBeGreaterThan(1);
  });

  it('keeps every message once, in its order within each partition, each key in one group', () => {
    const groups = new PartitionRouter({ raw: 4 }).split('raw', messages);
    expect(groups.flatMap((g) => g.messages.map((m) => Number(m.value))).sort((a, b) => a - b)).toEqual(messages.map((m) => Number(m.value)));
    const groupOfKey = new Map<string, number>();
    for (const g of groups) {
      const values = g.messages.map((m) => Number(m.value));
      expect(values).toEqual([...values].sort((a, b) => a - b));
      for (const m of g.messages) {
        expect(groupOfKey.get(String(m.key)) ?? g.partition).toBe(g.partition);
        groupOfKey.set(String(m.key), g.partition);
      }
    }
    expect(groupOfKey.size).toBe(stations.length);
  });

  it('sends keyless records of a one-partition topic to partition 0, and refuses a topic it has not loaded', () => {
    const router = new PartitionRouter({ dlq: 1 });
    expect(router.split('dlq', [{ key: null, value: 'a' }, { key: null, value: 'b' }])).toEqual([{ partition: 0, messages: [{ key: null, value: 'a', partition: 0 }, { key: null, value: 'b', partition: 0 }] }]);
    expect(() => router.split('other', [{ value: 'x' }])).toThrow(/no partition metadata loaded for topic other/);
  });
});
