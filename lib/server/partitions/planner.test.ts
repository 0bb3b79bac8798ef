import { describe, expect, it } from 'vitest';
import { describePlan, planAssignments, PlanError, type PlanBroker, type PlanPartition } from './planner';

const brokers = (n: number, racks?: (string | null)[]): PlanBroker[] => Array.from({ length: n }, (_, i) => ({ id: i + 1, rack: racks?.[i] ?? null }));
const parts = (topic: string, assignment: number[][], bytes = 100): PlanPartition[] => assignment.map((replicas, partition) => ({ topic, partition, replicas, bytes }));
const counts = (assignment: number[][]) => {
  const c = new Map<number, number>();
  for (const a of assignment) for (const b of a) c.set(b, (c.get(b) ?? 0) + 1);
  return c;
};
const leaderCounts = (assignment: number[][]) => {
  const c = new Map<number, number>();
  for (const a of assignment) c.set(a[0]!, (c.get(a[0]!) ?? 0) + 1);
  return c;
};
const spread = (c: Map<number, number>, ids: number[]) => Math.max(...ids.map((b) => c.get(b) ?? 0)) - Math.min(...ids.map((b) => c.get(b) ?? 0));

describe('planAssignments', () => {
  it('decommission: every replica leaves the drained broker, the others stay where they are', () => {
    const before = [[1, 2], [2, 3], [3, 1], [1, 3], [2, 1], [3, 2]];
    const after = planAssignments({ brokers: brokers(3), eligible: [1, 2], partitions: parts('t', before), balance: false });
    for (const a of after) {
      expect(a).not.toContain(3);
      expect(a).toHaveLength(2);
      expect(new Set(a).size).toBe(2);
    }
    // partitions without broker 3 are untouched
    expect(after[0]).toEqual([1, 2]);
    expect(after[4]).toEqual([2, 1]);
    // the replacement takes the drained replica's place: [3, 1] becomes [2, 1] (2 is the only broker left)
    expect(after[2]).toEqual([2, 1]);
  });

  it('decommission: new replicas go to the least-loaded brokers', () => {
    // broker 4 empty (just added), broker 1 drained
    const before = [[1, 2], [1, 3], [1, 2], [1, 3]];
    const after = planAssignments({ brokers: brokers(4), eligible: [2, 3, 4], partitions: parts('t', before), balance: false });
    const c = counts(after);
    expect(c.get(1)).toBeUndefined();
    // 8 replicas over brokers 2, 3, 4: the empty broker 4 takes replacements until the counts even out
    expect(spread(c, [2, 3, 4])).toBeLessThanOrEqual(1);
    expect(c.get(4)).toBeGreaterThanOrEqual(2);
    expect(after.every((a) => a.length === 2 && new Set(a).size === 2)).toBe(true);
  });

  it('balance: a new, empty broker gets its share of replicas and preferred leaders', () => {
    const before = [[1, 2, 3], [2, 3, 1], [3, 1, 2], [1, 3, 2], [2, 1, 3], [3, 2, 1], [1, 2, 3], [2, 3, 1]];
    const after = planAssignments({ brokers: brokers(4), eligible: [1, 2, 3, 4], partitions: parts('t', before), balance: true });
    const c = counts(after);
    expect(spread(c, [1, 2, 3, 4])).toBeLessThanOrEqual(1);
    expect(c.get(4)).toBe(6); // 24 replicas over 4 brokers
    expect(spread(leaderCounts(after), [1, 2, 3, 4])).toBeLessThanOrEqual(1);
    expect(after.every((a) => a.length === 3 && new Set(a).size === 3)).toBe(true);
  });

  it('balance: an already balanced layout is left alone (no moves)', () => {
    const before = [[1, 2], [2, 3], [3, 1]];
    const after = planAssignments({ brokers: brokers(3), eligible: [1, 2, 3], partitions: parts('t', before), balance: true });
    expect(after).toEqual(before);
  });

  it('balance moves the smallest partitions first', () => {
    const ps: PlanPartition[] = [
      { topic: 't', partition: 0, replicas: [1], bytes: 1_000_000 },
      { topic: 't', partition: 1, replicas: [1], bytes: 10 },
    ];
    const after = planAssignments({ brokers: brokers(2), eligible: [1, 2], partitions: ps, balance: true });
    expect(after).toEqual([[1], [2]]);
  });

  it('racks: never two replicas of a partition on one rack when there are enough racks', () => {
    // racks a, a, b, b, c, c: broker 1 and 2 share rack a
    const bs = brokers(6, ['a', 'a', 'b', 'b', 'c', 'c']);
    const rack = (b: number) => bs.find((x) => x.id === b)!.rack;
    const before = [[1, 2, 3], [3, 4, 5], [5, 6, 1], [2, 4, 6]];
    const after = planAssignments({ brokers: bs, eligible: [1, 2, 3, 4, 5, 6], partitions: parts('t', before), balance: true });
    for (const a of after) expect(new Set(a.map(rack)).size).toBe(3);
    // draining broker 3 (rack b) keeps one replica per rack: its replacement is broker 4
    const drained = planAssignments({ brokers: bs, eligible: [1, 2, 4, 5, 6], partitions: parts('t', [[1, 3, 5]]), balance: false });
    expect(drained).toEqual([[1, 4, 5]]);
  });

  it('racks: with fewer racks than replicas, sharing is allowed and reported', () => {
    const bs = brokers(3, ['a', 'a', 'b']);
    const after = planAssignments({ brokers: bs, eligible: [1, 2, 3], partitions: parts('t', [[1, 2, 3]]), balance: false });
    expect(after).toEqual([[1, 2, 3]]);
    const plan = describePlan('balance', bs, parts('t', [[1, 2, 3]]), after);
    expect(plan.partitions[0]!.sharesRack).toBe(true);
    expect(plan.warnings.join(' ')).toMatch(/fewer racks than replicas/);
  });

  it('replication factor 1 → 3 → 2 keeps the existing replicas and the preferred leader', () => {
    const one = [[2], [3], [1]];
    const three = planAssignments({ brokers: brokers(3), eligible: [1, 2, 3], partitions: parts('t', one), replicationFactor: 3, balance: false });
    three.forEach((a, i) => {
      expect(a[0]).toBe(one[i]![0]);
      expect([...a].sort()).toEqual([1, 2, 3]);
    });
    const two = planAssignments({ brokers: brokers(3), eligible: [1, 2, 3], partitions: parts('t', three), replicationFactor: 2, balance: false });
    two.forEach((a, i) => {
      expect(a).toHaveLength(2);
      expect(a[0]).toBe(one[i]![0]);
      expect(a.every((b) => three[i]!.includes(b))).toBe(true);
    });
    expect(spread(counts(two), [1, 2, 3])).toBe(0);
  });

  it('refuses what cannot be placed, naming the field', () => {
    expect(() => planAssignments({ brokers: brokers(3), eligible: [1, 2], partitions: parts('t', [[1, 2, 3]]), balance: false })).toThrowError(PlanError);
    try {
      planAssignments({ brokers: brokers(3), eligible: [1, 2, 3], partitions: parts('t', [[1]]), replicationFactor: 4, balance: false });
      expect.unreachable();
    } catch (err) {
      expect((err as PlanError).field).toBe('replicationFactor');
    }
    try {
      planAssignments({ brokers: brokers(3), eligible: [1, 7], partitions: parts('t', [[1]]), balance: false });
      expect.unreachable();
    } catch (err) {
      expect((err as PlanError).field).toBe('brokers');
      expect((err as Error).message).toMatch(/broker 7/);
    }
  });
});

describe('describePlan', () => {
  it('counts the bytes each broker receives and loses, and the moves', () => {
    const bs = brokers(3);
    const ps: PlanPartition[] = [
      { topic: 't', partition: 0, replicas: [1, 2], bytes: 1000 },
      { topic: 't', partition: 1, replicas: [2, 3], bytes: 50 },
      { topic: 'u', partition: 0, replicas: [3, 1], bytes: null },
    ];
    const plan = describePlan('decommission', bs, ps, [[3, 2], [2, 3], [3, 2]]);
    expect(plan.moves).toBe(2);
    const b = (id: number) => plan.brokers.find((x) => x.broker === id)!;
    expect(b(1)).toMatchObject({ replicasBefore: 2, replicasAfter: 0, leadersBefore: 1, leadersAfter: 0, bytesOut: 1000, bytesIn: 0 });
    expect(b(3)).toMatchObject({ replicasBefore: 2, replicasAfter: 3, leadersAfter: 2, bytesIn: 1000, bytesOut: 0 });
    expect(b(2)).toMatchObject({ bytesIn: 0, replicasAfter: 3 });
    expect(plan.bytesToMove).toBe(1000);
    expect(plan.unknownSizes).toBe(1);
  });
});
