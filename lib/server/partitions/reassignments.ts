import 'server-only';
import {
  cancelReassignmentInput,
  planInput,
  reassignmentInput,
  type ReassignmentList,
  type ReassignmentPlan,
  type ReassignmentProgress,
  type ReassignmentResult,
} from '@/lib/contracts/partitions';
import { recordAudit } from '../audit';
import { BadRequest, NotFound, Unprocessable } from '../errors';
import { alterPartitionReassignments, type PartitionAnswer } from '../kafka/alter-reassignments';
import { RequestCounter } from '../kafka/client';
import { describeLogDirs } from '../kafka/describe-log-dirs';
import { describeCause } from '../kafka/kafka-errors';
import { listPartitionReassignments } from '../kafka/list-reassignments';
import { scanTopics, type Scan, type ScannedTopic } from '../kafka/metadata';
import { describePlan, planAssignments, PlanError, type PlanBroker, type PlanPartition } from './planner';
import { removeThrottle, setThrottle, throttleState, type Move } from './throttle';
import { singleton } from '../singleton';

// ── sizes ───────────────────────────────────────────────────────────────────────────────────

type Sizes = Map<string, Map<number, Map<number, number>>>; // topic → partition → broker → bytes

/** Replica sizes of these topics, from DescribeLogDirs on every broker (each answers for its own disks). */
async function replicaSizes(clusterId: string, scan: Scan, topics: ScannedTopic[], counter: RequestCounter): Promise<Sizes> {
  const sizes: Sizes = new Map();
  if (topics.length === 0) return sizes;
  const answers = await describeLogDirs(clusterId, scan.brokers.map((b) => b.nodeId), { topics: topics.map((t) => ({ topic: t.name, partitions: t.partitions.map((p) => p.partition) })) }, counter);
  for (const [broker, dirs] of answers) {
    for (const d of dirs ?? []) {
      for (const t of d.topics) {
        for (const p of t.partitions) {
          if (p.isFuture) continue;
          const per = sizes.get(t.name) ?? new Map<number, Map<number, number>>();
          sizes.set(t.name, per);
          const byBroker = per.get(p.partition) ?? new Map<number, number>();
          per.set(p.partition, byBroker);
          byBroker.set(broker, p.bytes);
        }
      }
    }
  }
  return sizes;
}

/** One copy's size: the leader's log, else the largest replica any broker reported. */
function partitionBytes(sizes: Sizes, topic: string, partition: number, leader: number): number | null {
  const byBroker = sizes.get(topic)?.get(partition);
  if (!byBroker || byBroker.size === 0) return null;
  return byBroker.get(leader) ?? Math.max(...byBroker.values());
}

// ── plan ────────────────────────────────────────────────────────────────────────────────────

export async function planReassignment(clusterId: string, body: unknown): Promise<ReassignmentPlan> {
  const input = planInput.parse(body);
  const counter = new RequestCounter();
  const scan = await scanTopics(clusterId, [], counter);
  const live = scan.brokers.map((b) => b.nodeId).sort((a, b) => a - b);
  const known = (ids: number[], field: string) => {
    const unknown = ids.filter((id) => !live.includes(id));
    if (unknown.length) throw new BadRequest(`no broker ${unknown.join(', ')} in the cluster (brokers: ${live.join(', ')})`, field, 'UNKNOWN_BROKER');
  };
  const pick = (names: string[] | undefined, all: (t: ScannedTopic) => boolean, field: string): ScannedTopic[] => {
    if (!names) return scan.topics.filter(all);
    const byName = new Map(scan.topics.map((t) => [t.name, t]));
    const missing = names.filter((n) => !byName.has(n));
    if (missing.length) throw new NotFound(`topic${missing.length === 1 ? '' : 's'} ${missing.map((m) => `"${m}"`).join(', ')} do${missing.length === 1 ? 'es' : ''} not exist`, field);
    return [...new Set(names)].map((n) => byName.get(n)!);
  };

  let topics: ScannedTopic[];
  let eligible: number[];
  let balance = false;
  let replicationFactor: number | undefined;
  switch (input.mode) {
    case 'decommission':
      known(input.brokers, 'brokers');
      eligible = live.filter((b) => !input.brokers.includes(b));
      // Draining a broker means all of it: Kafka's own topics too.
      topics = pick(input.topics, () => true, 'topics');
      break;
    case 'balance':
      if (input.brokers) known(input.brokers, 'brokers');
      eligible = input.brokers ?? live;
      topics = pick(input.topics, (t) => !t.internal, 'topics');
      balance = true;
      break;
    case 'replication-factor':
      if (input.brokers) known(input.brokers, 'brokers');
      eligible = input.brokers ?? live;
      topics = pick([input.topic], () => true, 'topic');
      replicationFactor = input.replicationFactor;
      if (replicationFactor > eligible.length) {
        throw new BadRequest(`replication factor ${replicationFactor} is more than the ${eligible.length} live broker${eligible.length === 1 ? '' : 's'}`, 'replicationFactor', 'INVALID_REPLICATION_FACTOR');
      }
      break;
  }
  const sizes = await replicaSizes(clusterId, scan, topics, counter);
  const brokers: PlanBroker[] = scan.brokers.map((b) => ({ id: b.nodeId, rack: b.rack }));
  const partitions: PlanPartition[] = topics
    .flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition, replicas: p.replicas, bytes: partitionBytes(sizes, t.name, p.partition, p.leader) })))
    .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  let after: number[][];
  try {
    after = planAssignments({ brokers, eligible, partitions, balance, replicationFactor });
  } catch (err) {
    if (err instanceof PlanError) throw new BadRequest(err.message, err.field, 'INVALID_PLAN');
    throw err;
  }
  return describePlan(input.mode, brokers, partitions, after);
}

// ── execute ─────────────────────────────────────────────────────────────────────────────────

/** Starts the moves; with a throttle, sets it first and removes it once they have all finished. */
export async function executeReassignment(clusterId: string, body: unknown): Promise<ReassignmentResult> {
  const input = reassignmentInput.parse(body);
  const scan = await scanTopics(clusterId, [...new Set(input.partitions.map((p) => p.topic))]);
  const live = new Set(scan.brokers.map((b) => b.nodeId));
  const byName = new Map(scan.topics.map((t) => [t.name, t]));
  const moves: Move[] = input.partitions.map((p, i) => {
    const t = byName.get(p.topic);
    if (!t) throw new NotFound(`topic "${p.topic}" does not exist`, `partitions.${i}.topic`);
    const current = t.partitions.find((x) => x.partition === p.partition);
    if (!current) throw new BadRequest(`"${p.topic}" has no partition ${p.partition} (it has ${t.partitions.length})`, `partitions.${i}.partition`, 'UNKNOWN_PARTITION');
    const unknown = p.replicas.filter((b) => !live.has(b));
    if (unknown.length) throw new BadRequest(`no live broker ${unknown.join(', ')} (brokers: ${[...live].sort().join(', ')})`, `partitions.${i}.replicas`, 'UNKNOWN_BROKER');
    return { topic: p.topic, partition: p.partition, before: current.replicas, after: p.replicas };
  });
  const throttle = input.throttleBytesPerSecond ? { bytesPerSecond: input.throttleBytesPerSecond, ...(await setThrottle(clusterId, input.throttleBytesPerSecond, moves)) } : null;
  let answers: PartitionAnswer[];
  try {
    answers = await alterPartitionReassignments(clusterId, moves.map((m) => ({ topic: m.topic, partition: m.partition, replicas: m.after })));
  } catch (err) {
    if (throttle) await removeThrottle(clusterId).catch(() => {});
    throw err;
  }
  const failed = answers.filter((a) => a.error);
  if (failed.length === answers.length) {
    if (throttle) await removeThrottle(clusterId).catch(() => {});
    const first = failed[0]!;
    const i = input.partitions.findIndex((p) => p.topic === first.topic && p.partition === first.partition);
    throw new Unprocessable(`the controller refused the move of ${first.topic}/${first.partition}: ${first.error}${first.message ? ` (${first.message})` : ''}`, `partitions.${Math.max(0, i)}.replicas`, first.error ?? undefined);
  }
  if (throttle) watchForThrottleRemoval(clusterId);
  return { partitions: answers.map((a) => ({ topic: a.topic, partition: a.partition, error: a.error, message: a.message })), throttle };
}

// ── cancel ──────────────────────────────────────────────────────────────────────────────────

/** Cancels moves in progress: Kafka puts each partition back on the replicas it had before. */
export async function cancelReassignments(clusterId: string, body: unknown): Promise<ReassignmentResult> {
  const input = cancelReassignmentInput.parse(body ?? {});
  const ongoing = await listPartitionReassignments(clusterId, null);
  const targets = input.partitions ?? ongoing.map((o) => ({ topic: o.topic, partition: o.partition }));
  if (targets.length === 0) return { partitions: [], throttle: null };
  const answers = await alterPartitionReassignments(clusterId, targets.map((t) => ({ ...t, replicas: null })));
  if (throttleWatchers.has(clusterId)) watchForThrottleRemoval(clusterId);
  return { partitions: answers.map((a) => ({ topic: a.topic, partition: a.partition, error: a.error, message: a.message })), throttle: null };
}

// ── progress ────────────────────────────────────────────────────────────────────────────────

export async function listReassignments(clusterId: string): Promise<ReassignmentList> {
  const counter = new RequestCounter();
  const [ongoing, throttle] = await Promise.all([listPartitionReassignments(clusterId, null, counter), throttleState(clusterId)]);
  let progress: ReassignmentProgress[] = [];
  if (ongoing.length) {
    const topicNames = [...new Set(ongoing.map((o) => o.topic))];
    const scan = await scanTopics(clusterId, topicNames, counter);
    const sizes = await replicaSizes(clusterId, scan, scan.topics.filter((t) => topicNames.includes(t.name)), counter);
    progress = ongoing.map((o) => {
      const state = scan.topics.find((t) => t.name === o.topic)?.partitions.find((p) => p.partition === o.partition);
      const leader = state?.leader ?? -1;
      const bytes = partitionBytes(sizes, o.topic, o.partition, leader);
      const byBroker = sizes.get(o.topic)?.get(o.partition);
      const bytesToGo = bytes === null ? null : o.adding.reduce((n, b) => n + Math.max(0, bytes - (byBroker?.get(b) ?? 0)), 0);
      return { topic: o.topic, partition: o.partition, replicas: o.replicas, adding: o.adding, removing: o.removing, target: o.replicas.filter((b) => !o.removing.includes(b)), bytes, bytesToGo, isr: state?.isr ?? [], leader };
    });
  }
  return { reassignments: progress, throttle, throttleAutoRemove: throttleWatchers.has(clusterId), fetchedAt: new Date().toISOString() };
}

// ── throttle removal when the moves are done ────────────────────────────────────────────────

const throttleWatchers = singleton('riffle:partitions/reassignments', (): Map<string, NodeJS.Timeout> => new Map());
const WATCH_MS = 2_000;

/**
 * Polls ListPartitionReassignments until nothing moves any more, then removes every throttle
 * (as kafka-reassign-partitions.sh --verify does), and writes that to the audit log. One watcher per
 * cluster; a console restart loses it, and the reassignments page then offers the removal.
 */
function watchForThrottleRemoval(clusterId: string): void {
  if (throttleWatchers.has(clusterId)) return;
  const timer = setInterval(() => {
    void (async () => {
      try {
        const ongoing = await listPartitionReassignments(clusterId, null);
        if (ongoing.length > 0) return;
        clearInterval(timer);
        throttleWatchers.delete(clusterId);
        const removed = await removeThrottle(clusterId);
        await recordAudit({
          principal: null,
          action: 'reassignment.throttle-removed',
          method: 'SYSTEM',
          path: `/api/clusters/${clusterId}/reassignments/throttle`,
          cluster: clusterId,
          target: `brokers ${removed.brokers.map((b) => b.broker).join(', ') || 'none'}; topics ${removed.topics.map((t) => t.topic).join(', ') || 'none'}`,
          status: 200,
          detail: 'every reassignment finished: replication throttle removed',
        });
      } catch (err) {
        console.warn(`[riffle] reassignment throttle watcher (${clusterId}): ${describeCause(err)}; trying again`);
      }
    })();
  }, WATCH_MS);
  timer.unref();
  throttleWatchers.set(clusterId, timer);
}

/** Removes every reassignment throttle now (the page's button; nothing watches any more). */
export async function removeReassignmentThrottle(clusterId: string) {
  const timer = throttleWatchers.get(clusterId);
  if (timer) clearInterval(timer);
  throttleWatchers.delete(clusterId);
  return { removed: await removeThrottle(clusterId) };
}
