import { defaultPartitioner } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { javaPartitioner } from './kafka';

/**
 * Where kcat (librdkafka, `-X partitioner=murmur2_random`, the Java client's default for keyed
 * records) put each key on topics of 4, 3 and 7 partitions (Kafka 4.4, read back with
 * `kcat -C -f '%k\t%p\n'`). The pipeline's keys are station names: they must land where KafkaJS's
 * DefaultPartitioner (Java's murmur2) always put them.
 */
const KCAT: Record<string, [p4: number, p3: number, p7: number]> = {
  Seattle: [3, 1, 5],
  'New York': [0, 1, 5],
  'Synthetic 01': [3, 2, 2],
  'Synthetic 02': [3, 2, 4],
  'Synthetic 03': [0, 0, 0],
  'Synthetic 04': [0, 1, 1],
  'Synthetic 05': [0, 0, 1],
  't6-abc-Seattle': [1, 1, 4],
  'faults-pipe-x1-New York': [0, 2, 2],
  a: [0, 1, 5],
  b: [0, 2, 6],
  c: [2, 1, 0],
  d: [1, 2, 1],
  e: [2, 2, 4],
};

// The producer takes the partitioner's number modulo the partition count.
const place = (partitioner: typeof javaPartitioner, key: string, n: number) => partitioner({ topic: 't' }, Buffer.from(key)) % n;

describe('javaPartitioner', () => {
  it('puts each key on the partition kcat/Java put it on, for 4, 3 and 7 partitions', () => {
    for (const [key, [p4, p3, p7]] of Object.entries(KCAT)) {
      expect([place(javaPartitioner, key, 4), place(javaPartitioner, key, 3), place(javaPartitioner, key, 7)], key).toEqual([p4, p3, p7]);
    }
  });

  it("is needed: the library's defaultPartitioner (hash taken unsigned) moves keys once the count is not a power of two", () => {
    const moved = Object.entries(KCAT).filter(([key, [, p3, p7]]) => place(defaultPartitioner, key, 3) !== p3 || place(defaultPartitioner, key, 7) !== p7);
    expect(moved.length).toBeGreaterThan(0);
    // with 4 partitions the two agree (2^31 is a multiple of 4)
    for (const [key, [p4]] of Object.entries(KCAT)) expect(place(defaultPartitioner, key, 4)).toBe(p4);
  });

  it('sends keyless records to partition 0 (the DLQ has one partition)', () => {
    expect(javaPartitioner({ topic: 't' }, undefined)).toBe(0);
  });
});
