import 'server-only';
import type { PlanMode, PlannedBroker, PlannedPartition, ReassignmentPlan } from '@/lib/contracts/partitions';

/**
 * The reassignment planner: pure, no Kafka. Given the brokers, the partitions in scope with
 * their replicas and sizes, and where replicas may live, it answers new replica lists that
 *  - keep every replica that may stay (a move copies data: the fewest moves win),
 *  - put new replicas on the least-loaded brokers, on a rack the partition does not use yet,
 *  - never leave two replicas of a partition on one rack when there are enough racks,
 *  - (balance) even out replica counts, then preferred leaders (the first replica), across brokers.
 * Like kafka-reassign-partitions.sh --generate, but minimal-movement and rack-aware, and
 * deterministic (ties go to the lower broker id), so a plan can be shown and then executed as shown.
 */

export interface PlanBroker {
  id: number;
  rack: string | null;
}

export interface PlanPartition {
  topic: string;
  partition: number;
  replicas: number[];
  /** Size of one copy in bytes; null when no broker reported it. */
  bytes: number | null;
}

/** A plan that cannot be made, naming the request field at fault. */
export class PlanError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'PlanError';
  }
}

export interface PlanOptions {
  brokers: PlanBroker[];
  /** Brokers replicas may be placed on (the rest are drained). */
  eligible: number[];
  partitions: PlanPartition[];
  /** A new replication factor for every partition in scope. */
  replicationFactor?: number;
  /** Even out replica and preferred-leader counts (moves replicas that could stay). */
  balance: boolean;
}

/** Brokers without a rack are each a rack of their own: no constraint between them. */
function rackOf(racks: Map<number, string | null>, b: number): string {
  return racks.get(b) ?? `\u0000broker-${b}`;
}

function distinctRacks(racks: Map<number, string | null>, replicas: number[]): number {
  return new Set(replicas.map((b) => rackOf(racks, b))).size;
}

/** New replica lists, one per partition, in the order given. */
export function planAssignments(o: PlanOptions): number[][] {
  const racks = new Map(o.brokers.map((b) => [b.id, b.rack]));
  const eligible = [...new Set(o.eligible)].sort((a, b) => a - b);
  for (const b of eligible) if (!racks.has(b)) throw new PlanError(`broker ${b} is not in the cluster`, 'brokers');
  if (eligible.length === 0) throw new PlanError('no broker is left to hold the replicas', 'brokers');
  const isEligible = new Set(eligible);
  const rackCount = new Set(eligible.map((b) => rackOf(racks, b))).size;

  const target = o.partitions.map((p) => o.replicationFactor ?? p.replicas.length);
  o.partitions.forEach((p, i) => {
    if (target[i]! > eligible.length) {
      throw new PlanError(
        o.replicationFactor !== undefined
          ? `replication factor ${o.replicationFactor} is more than the ${eligible.length} broker${eligible.length === 1 ? '' : 's'} that may hold replicas`
          : `partition ${p.partition} of ${p.topic} has ${p.replicas.length} replicas, more than the ${eligible.length} broker${eligible.length === 1 ? '' : 's'} left to hold them`,
        o.replicationFactor !== undefined ? 'replicationFactor' : 'brokers',
      );
    }
  });

  // 1. Keep what may stay: replicas on eligible brokers, one per rack when racks suffice.
  //    Slots keep positions, so a replacement takes the place (and preferred leadership) of what it replaces.
  const slots: (number | null)[][] = o.partitions.map((p, i) => {
    const usedRacks = new Set<string>();
    return p.replicas.map((b) => {
      if (!isEligible.has(b)) return null;
      const rack = rackOf(racks, b);
      if (usedRacks.has(rack) && rackCount >= target[i]!) return null;
      usedRacks.add(rack);
      return b;
    });
  });
  const counts = new Map(eligible.map((b) => [b, 0]));
  for (const s of slots) for (const b of s) if (b !== null) counts.set(b, counts.get(b)! + 1);

  // 2. Fewer replicas (replication factor down): drop from the busiest brokers, keeping the first (preferred leader).
  slots.forEach((s, i) => {
    for (;;) {
      const kept = s.map((b, j) => ({ b, j })).filter((x): x is { b: number; j: number } => x.b !== null);
      if (kept.length <= target[i]!) break;
      const pool = kept.slice(1);
      const drop = pool.reduce((m, x) => (counts.get(x.b)! > counts.get(m.b)! || (counts.get(x.b)! === counts.get(m.b)! && x.j > m.j) ? x : m));
      counts.set(drop.b, counts.get(drop.b)! - 1);
      s.splice(drop.j, 1);
    }
  });

  // 3. Fill: the least-loaded broker on a rack the partition does not use, into the first empty slot.
  const choose = (current: number[], exclude: Set<number> = new Set()): number | null => {
    const used = new Set(current.map((b) => rackOf(racks, b)));
    let best: number | null = null;
    let bestKey: [number, number, number] | null = null;
    for (const b of eligible) {
      if (current.includes(b) || exclude.has(b)) continue;
      const key: [number, number, number] = [used.has(rackOf(racks, b)) ? 1 : 0, counts.get(b)!, b];
      if (!bestKey || key[0] < bestKey[0] || (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] < bestKey[2])))) {
        best = b;
        bestKey = key;
      }
    }
    return best;
  };
  const assignments: number[][] = slots.map((s, i) => {
    let current = s.filter((b): b is number => b !== null);
    const out = [...s];
    for (let j = 0; j < out.length && current.length < target[i]!; j++) {
      if (out[j] !== null) continue;
      const b = choose(current)!;
      out[j] = b;
      current = [...current, b];
      counts.set(b, counts.get(b)! + 1);
    }
    while (current.length < target[i]!) {
      const b = choose(current)!;
      out.push(b);
      current = [...current, b];
      counts.set(b, counts.get(b)! + 1);
    }
    return out.filter((b): b is number => b !== null);
  });

  if (!o.balance) return assignments;

  // 4. Even out replica counts: move a replica from the busiest broker to the idlest that can take it
  //    without losing rack spread, the smallest partition first (the least data copied).
  const order = o.partitions.map((p, i) => i).sort((a, b) => (o.partitions[a]!.bytes ?? 0) - (o.partitions[b]!.bytes ?? 0) || a - b);
  for (let guard = 0; guard < 10 * (o.partitions.length + 1) * eligible.length; guard++) {
    const byLoad = [...eligible].sort((a, b) => counts.get(b)! - counts.get(a)! || a - b);
    let moved = false;
    outer: for (const from of byLoad) {
      for (const to of [...byLoad].reverse()) {
        if (counts.get(from)! - counts.get(to)! <= 1) break;
        for (const i of order) {
          const a = assignments[i]!;
          const j = a.indexOf(from);
          if (j < 0 || a.includes(to)) continue;
          const next = [...a];
          next[j] = to;
          if (distinctRacks(racks, next) < distinctRacks(racks, a)) continue;
          assignments[i] = next;
          counts.set(from, counts.get(from)! - 1);
          counts.set(to, counts.get(to)! + 1);
          moved = true;
          break outer;
        }
      }
    }
    if (!moved) break;
  }

  // 5. Even out preferred leaders by reordering replicas (no data moves): a partition whose first
  //    replica leads two or more partitions than another of its replicas hands it the first place.
  const leaders = new Map(eligible.map((b) => [b, 0]));
  for (const a of assignments) if (a.length) leaders.set(a[0]!, leaders.get(a[0]!)! + 1);
  for (let changed = true, guard = 0; changed && guard < 10 * (assignments.length + 1); guard++) {
    changed = false;
    for (const a of assignments) {
      let best = -1;
      for (let j = 1; j < a.length; j++) if (leaders.get(a[0]!)! - leaders.get(a[j]!)! >= 2 && (best < 0 || leaders.get(a[j]!)! < leaders.get(a[best]!)!)) best = j;
      if (best < 0) continue;
      leaders.set(a[0]!, leaders.get(a[0]!)! - 1);
      leaders.set(a[best]!, leaders.get(a[best]!)! + 1);
      const [b] = a.splice(best, 1);
      a.unshift(b!);
      changed = true;
    }
  }
  return assignments;
}

const sameList = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The plan as the page shows it: every partition before and after, and what each broker gains and loses. */
export function describePlan(mode: PlanMode, brokers: PlanBroker[], partitions: PlanPartition[], after: number[][]): ReassignmentPlan {
  const racks = new Map(brokers.map((b) => [b.id, b.rack]));
  const rows: PlannedPartition[] = partitions.map((p, i) => {
    const a = after[i]!;
    const realRacks = a.map((b) => racks.get(b)).filter((r): r is string => r != null);
    return { topic: p.topic, partition: p.partition, before: p.replicas, after: a, bytes: p.bytes, sharesRack: new Set(realRacks).size < realRacks.length };
  });
  const stats = new Map<number, PlannedBroker>();
  const row = (b: number) => {
    let s = stats.get(b);
    if (!s) {
      s = { broker: b, rack: racks.get(b) ?? null, replicasBefore: 0, replicasAfter: 0, leadersBefore: 0, leadersAfter: 0, bytesBefore: 0, bytesAfter: 0, bytesIn: 0, bytesOut: 0 };
      stats.set(b, s);
    }
    return s;
  };
  for (const b of brokers) row(b.id);
  let bytesToMove = 0;
  let moves = 0;
  for (const r of rows) {
    const size = r.bytes ?? 0;
    if (!sameList(r.before, r.after)) moves++;
    r.before.forEach((b, j) => {
      const s = row(b);
      s.replicasBefore++;
      s.bytesBefore += size;
      if (j === 0) s.leadersBefore++;
      if (!r.after.includes(b)) s.bytesOut += size;
    });
    r.after.forEach((b, j) => {
      const s = row(b);
      s.replicasAfter++;
      s.bytesAfter += size;
      if (j === 0) s.leadersAfter++;
      if (!r.before.includes(b)) {
        s.bytesIn += size;
        bytesToMove += size;
      }
    });
  }
  const unknownSizes = rows.filter((r) => r.bytes === null).length;
  const warnings: string[] = [];
  const sharing = rows.filter((r) => r.sharesRack).length;
  if (sharing) warnings.push(`${sharing} partition${sharing === 1 ? '' : 's'} keep two replicas on one rack: there are fewer racks than replicas`);
  if (unknownSizes) warnings.push(`${unknownSizes} partition${unknownSizes === 1 ? '' : 's'} have no reported size: the byte totals leave them out`);
  return {
    mode,
    partitions: rows,
    brokers: [...stats.values()].sort((a, b) => a.broker - b.broker),
    moves,
    bytesToMove,
    unknownSizes,
    warnings,
  };
}
