import 'server-only';
import { notPreferredLeader } from '@/lib/contracts/partitions';
import type { BrokerSummary, ClusterOverview } from '@/lib/contracts/cluster';
import { clusterConfig, toClusterSummary } from '../clusters';
import { BROKER_CONFIG } from './config-keys';
import { brokerConfigValues } from './describe-configs';
import { describeQuorum, type QuorumState } from './describe-quorum';
import { scanTopics } from './metadata';

type BrokerConfigs = Map<number, Map<string, string | null>>;

const STATIC_CONFIG_NAMES = [
  BROKER_CONFIG.processRoles,
  BROKER_CONFIG.quorumVoters,
  BROKER_CONFIG.quorumBootstrap,
  BROKER_CONFIG.rack,
  BROKER_CONFIG.zookeeperConnect,
  BROKER_CONFIG.interBrokerProtocol,
];
/** Long enough to spare the overview's polls, short enough that a rolling restart shows within it. */
export const STATIC_CONFIG_TTL_MS = 30_000;
const staticConfigCache = new Map<string, { nodes: string; at: number; configs: BrokerConfigs }>();

/**
 * The overview's broker configs (roles, quorum voters, rack, protocol version) are read-only:
 * they change only when a broker restarts, which also changes the broker set for a while. So they
 * are re-read when the set changes or after STATIC_CONFIG_TTL_MS, not on every poll: that spares
 * the overview its only serial round trip (DescribeConfigs to each broker). `read` asks Kafka.
 */
export async function staticBrokerConfigs(clusterId: string, read: (nodeIds: number[], names: string[]) => Promise<BrokerConfigs>, nodeIds: number[]): Promise<BrokerConfigs> {
  const nodes = nodeIds.join(',');
  const hit = staticConfigCache.get(clusterId);
  if (hit && hit.nodes === nodes && performance.now() - hit.at < STATIC_CONFIG_TTL_MS) return hit.configs;
  try {
    const configs = nodeIds.length ? await read(nodeIds, STATIC_CONFIG_NAMES) : new Map();
    staticConfigCache.set(clusterId, { nodes, at: performance.now(), configs });
    return configs;
  } catch {
    return new Map(); // a cluster may refuse DescribeConfigs (ACLs); the rest still shows, and it is asked again next time
  }
}

function parseRoles(value: string | null | undefined): BrokerSummary['roles'] {
  if (!value) return ['broker'];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is 'broker' | 'controller' => s === 'broker' || s === 'controller');
}

/** "1@127.0.0.1:19092,2@host:19093" → voters. */
export function parseQuorumVoters(value: string): { nodeId: number; endpoint: string }[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf('@');
      return { nodeId: Number(entry.slice(0, at)), endpoint: entry.slice(at + 1) };
    })
    .filter((v) => Number.isInteger(v.nodeId) && v.endpoint.length > 0);
}

export async function getClusterOverview(clusterId: string): Promise<ClusterOverview> {
  const cluster = clusterConfig(clusterId);
  const started = performance.now();
  // Metadata for all topics and the broker list in one request; the quorum beside it.
  const [scan, raft] = await Promise.all([
    scanTopics(clusterId, []),
    // Optional: a cluster without DescribeQuorum (ZooKeeper, or ACLs) still gets an overview.
    describeQuorum(clusterId).catch((): QuorumState | null => null),
  ]);
  const { brokers, controllerId: controller, clusterId: kafkaClusterId, topics } = scan;
  const nodeIds = brokers.map((b) => b.nodeId).sort((a, b) => a - b);
  const configs = await staticBrokerConfigs(clusterId, (ids, names) => brokerConfigValues(clusterId, ids, names), nodeIds);
  const anyConfig = configs.values().next().value as Map<string, string | null> | undefined;
  const votersValue = anyConfig?.get(BROKER_CONFIG.quorumVoters) ?? '';
  const bootstrapValue = anyConfig?.get(BROKER_CONFIG.quorumBootstrap) ?? '';
  const hasRoles = [...configs.values()].some((c) => c.get(BROKER_CONFIG.processRoles));
  const metadataMode: ClusterOverview['metadataMode'] = hasRoles
    ? 'kraft'
    : anyConfig?.get(BROKER_CONFIG.zookeeperConnect)
      ? 'zookeeper'
      : 'unknown';

  const brokerIds = new Set(nodeIds);
  const raftVoters = new Map(raft?.voters.map((v) => [v.replicaId, v]));
  const voters = parseQuorumVoters(votersValue || bootstrapValue).map((v) => {
    const live = raftVoters.get(v.nodeId);
    return {
      ...v,
      alsoBroker: brokerIds.has(v.nodeId),
      ...(raft && live
        ? {
            isLeader: raft.leaderId === v.nodeId,
            logEndOffset: live.logEndOffset,
            lag: Math.max(0, raft.highWatermark - live.logEndOffset),
            lastCaughtUpAt: live.lastCaughtUpTimestamp ? new Date(live.lastCaughtUpTimestamp).toISOString() : null,
          }
        : {}),
    };
  });
  const quorumSource: ClusterOverview['quorum']['source'] = votersValue
    ? 'controller.quorum.voters'
    : bootstrapValue
      ? 'controller.quorum.bootstrap.servers'
      : 'unavailable';

  let partitions = 0;
  let replicas = 0;
  let under = 0;
  let offline = 0;
  let notPreferred = 0;
  let internalTopics = 0;
  for (const t of topics) {
    if (t.internal) internalTopics++;
    for (const p of t.partitions) {
      partitions++;
      replicas += p.replicas.length;
      if (p.isr.length < p.replicas.length) under++;
      if (p.leader < 0 || (p.offlineReplicas?.length ?? 0) === p.replicas.length) offline++;
      if (notPreferredLeader(p)) notPreferred++;
    }
  }

  return {
    clusterId: kafkaClusterId ?? null,
    cluster: toClusterSummary(cluster),
    metadataMode,
    controllerId: raft?.leaderId ?? controller ?? null,
    quorum: {
      voters,
      source: quorumSource,
      state: raft
        ? {
            leaderId: raft.leaderId,
            leaderEpoch: raft.leaderEpoch,
            highWatermark: raft.highWatermark,
            observers: raft.observers.map((o) => ({
              nodeId: o.replicaId,
              logEndOffset: o.logEndOffset,
              lag: Math.max(0, raft.highWatermark - o.logEndOffset),
            })),
          }
        : null,
    },
    brokers: brokers
      .map((b) => {
        const c = configs.get(b.nodeId);
        return {
          nodeId: b.nodeId,
          host: b.host,
          port: b.port,
          rack: c?.get(BROKER_CONFIG.rack) || null,
          roles: parseRoles(c?.get(BROKER_CONFIG.processRoles)),
          // In KRaft, Metadata's "controller" is a random broker; the Raft leader is the real one.
          isController: raft ? b.nodeId === raft.leaderId : b.nodeId === controller,
        };
      })
      .sort((a, b) => a.nodeId - b.nodeId),
    counts: {
      topics: topics.length - internalTopics,
      internalTopics,
      partitions,
      replicas,
      underReplicatedPartitions: under,
      offlinePartitions: offline,
      notPreferredLeader: notPreferred,
    },
    kafkaVersionHint: anyConfig?.get(BROKER_CONFIG.interBrokerProtocol) ?? null,
    fetchedAt: new Date().toISOString(),
    latencyMs: Math.round(performance.now() - started),
  };
}

