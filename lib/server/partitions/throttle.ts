import 'server-only';
import { THROTTLE_CONFIG, type ThrottleState } from '@/lib/contracts/partitions';
import { AppError } from '../errors';
import { errorName, RequestCounter } from '../kafka/client';
import { CONFIG_OP, incrementalAlterConfigs, type AlterResource } from '../kafka/alter-configs';
import { describeConfigs } from '../kafka/describe-configs';
import { scanTopics } from '../kafka/metadata';

/**
 * The replication throttle of a reassignment, set and removed the way kafka-reassign-partitions.sh
 * does: each broker taking part gets leader.replication.throttled.rate and
 * follower.replication.throttled.rate (bytes/s, per broker); each topic lists the replicas the
 * rate applies to, leader.replication.throttled.replicas (the replicas it has now, which send)
 * and follower.replication.throttled.replicas (the new ones, which fetch), as "partition:broker".
 */

export interface Move {
  topic: string;
  partition: number;
  before: number[];
  after: number[];
}

async function alter(clusterId: string, resource: AlterResource): Promise<void> {
  const r = await incrementalAlterConfigs(clusterId, resource);
  if (r.errorCode !== 0) {
    throw new AppError(422, errorName(r.errorCode), `setting the throttle on ${resource.type} ${resource.name || '(default)'}: ${r.errorMessage ?? errorName(r.errorCode)}`, 'throttleBytesPerSecond');
  }
}

/** Which brokers and topics a throttle of these moves touches, and the replica lists per topic. */
export function throttleTargets(moves: Move[]): { brokers: number[]; topics: Map<string, { leader: string; follower: string }> } {
  const brokers = new Set<number>();
  const topics = new Map<string, { leader: string[]; follower: string[] }>();
  for (const m of moves) {
    for (const b of [...m.before, ...m.after]) brokers.add(b);
    const t = topics.get(m.topic) ?? { leader: [], follower: [] };
    for (const b of m.before) t.leader.push(`${m.partition}:${b}`);
    for (const b of m.after) if (!m.before.includes(b)) t.follower.push(`${m.partition}:${b}`);
    topics.set(m.topic, t);
  }
  return {
    brokers: [...brokers].sort((a, b) => a - b),
    topics: new Map([...topics].map(([name, t]) => [name, { leader: t.leader.join(','), follower: t.follower.join(',') }])),
  };
}

export async function setThrottle(clusterId: string, bytesPerSecond: number, moves: Move[]): Promise<{ brokers: number[]; topics: string[] }> {
  const { brokers, topics } = throttleTargets(moves);
  const rate = String(bytesPerSecond);
  await Promise.all(
    brokers.map((b) =>
      alter(clusterId, {
        type: 'broker',
        name: String(b),
        ops: [
          { name: THROTTLE_CONFIG.leaderRate, op: CONFIG_OP.set, value: rate },
          { name: THROTTLE_CONFIG.followerRate, op: CONFIG_OP.set, value: rate },
        ],
      }),
    ),
  );
  for (const [topic, t] of topics) {
    const ops = [{ name: THROTTLE_CONFIG.leaderReplicas, op: CONFIG_OP.set, value: t.leader } as const];
    await alter(clusterId, { type: 'topic', name: topic, ops: t.follower ? [...ops, { name: THROTTLE_CONFIG.followerReplicas, op: CONFIG_OP.set, value: t.follower }] : ops });
  }
  return { brokers, topics: [...topics.keys()] };
}

const num = (v: string | null | undefined) => (v == null || v === '' ? null : Number(v));

/** Every throttle set on the cluster now: brokers' dynamic rates, topics' throttled replica lists. */
export async function throttleState(clusterId: string): Promise<ThrottleState> {
  const counter = new RequestCounter();
  const scan = await scanTopics(clusterId, [], counter);
  const brokerIds = scan.brokers.map((b) => b.nodeId);
  const topicNames = scan.topics.map((t) => t.name);
  const [brokerConfigs, topicConfigs] = await Promise.all([
    describeConfigs(clusterId, brokerIds.map((id) => ({ type: 'broker' as const, name: String(id), configNames: [THROTTLE_CONFIG.leaderRate, THROTTLE_CONFIG.followerRate] })), counter),
    topicNames.length
      ? describeConfigs(clusterId, topicNames.map((name) => ({ type: 'topic' as const, name, configNames: [THROTTLE_CONFIG.leaderReplicas, THROTTLE_CONFIG.followerReplicas] })), counter)
      : Promise.resolve([]),
  ]);
  const brokers: ThrottleState['brokers'] = [];
  for (const r of brokerConfigs) {
    if (r.errorCode !== 0) continue;
    // Only a broker's own dynamic value counts: that is what the console (and the tool) sets and removes.
    const own = (key: string) => r.entries.find((e) => e.name === key && e.source === 'dynamic-broker')?.value;
    const leaderRate = num(own(THROTTLE_CONFIG.leaderRate));
    const followerRate = num(own(THROTTLE_CONFIG.followerRate));
    if (leaderRate !== null || followerRate !== null) brokers.push({ broker: Number(r.name), leaderRate, followerRate });
  }
  const topics: ThrottleState['topics'] = [];
  for (const r of topicConfigs) {
    if (r.errorCode !== 0) continue;
    const own = (key: string) => r.entries.find((e) => e.name === key && e.source === 'topic')?.value || null;
    const leaderReplicas = own(THROTTLE_CONFIG.leaderReplicas);
    const followerReplicas = own(THROTTLE_CONFIG.followerReplicas);
    if (leaderReplicas || followerReplicas) topics.push({ topic: r.name, leaderReplicas, followerReplicas });
  }
  brokers.sort((a, b) => a.broker - b.broker);
  topics.sort((a, b) => (a.topic < b.topic ? -1 : 1));
  return { brokers, topics };
}

/** Removes every throttle the state names (as kafka-reassign-partitions.sh --verify does once the moves are done). */
export async function removeThrottle(clusterId: string, state?: ThrottleState): Promise<ThrottleState> {
  const s = state ?? (await throttleState(clusterId));
  await Promise.all([
    ...s.brokers.map((b) =>
      alter(clusterId, {
        type: 'broker',
        name: String(b.broker),
        ops: [
          { name: THROTTLE_CONFIG.leaderRate, op: CONFIG_OP.delete },
          { name: THROTTLE_CONFIG.followerRate, op: CONFIG_OP.delete },
        ],
      }),
    ),
    ...s.topics.map((t) =>
      alter(clusterId, {
        type: 'topic',
        name: t.topic,
        ops: [
          { name: THROTTLE_CONFIG.leaderReplicas, op: CONFIG_OP.delete },
          { name: THROTTLE_CONFIG.followerReplicas, op: CONFIG_OP.delete },
        ],
      }),
    ),
  ]);
  return s;
}
