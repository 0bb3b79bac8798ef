import 'server-only';
import { describeQuorumV0, describeQuorumV1, describeQuorumV2 } from '@platformatic/kafka';
import { clusterConn, UnsupportedApi, type RequestCounter } from './client';

// DescribeQuorum (KIP-595/KIP-836). Brokers forward it to the active controller, which is how
// kafka-metadata-quorum.sh --bootstrap-server works too.
const METADATA_TOPIC = '__cluster_metadata';
const CANDIDATES = [describeQuorumV2.api, describeQuorumV1.api, describeQuorumV0.api];

export interface QuorumReplica {
  replicaId: number;
  logEndOffset: number;
  lastFetchTimestamp: number | null;
  lastCaughtUpTimestamp: number | null;
}

export interface QuorumState {
  leaderId: number;
  leaderEpoch: number;
  highWatermark: number;
  voters: QuorumReplica[];
  observers: QuorumReplica[];
}

interface RawReplica {
  replicaId: number;
  logEndOffset: bigint;
  lastFetchTimestamp?: bigint;
  lastCaughtUpTimestamp?: bigint;
}

function toReplica(r: RawReplica): QuorumReplica {
  const time = (v: bigint | undefined) => (v === undefined || v < 0n ? null : Number(v));
  return { replicaId: r.replicaId, logEndOffset: Number(r.logEndOffset), lastFetchTimestamp: time(r.lastFetchTimestamp), lastCaughtUpTimestamp: time(r.lastCaughtUpTimestamp) };
}

/** The KRaft quorum as the active controller sees it; null when the cluster doesn't support it. */
export async function describeQuorum(clusterId: string, counter?: RequestCounter): Promise<QuorumState | null> {
  const conn = clusterConn(clusterId);
  let api;
  try {
    api = await conn.api('DescribeQuorum', CANDIDATES);
  } catch (err) {
    if (err instanceof UnsupportedApi) return null; // ZooKeeper mode
    throw err;
  }
  const res = await conn.send('admin', (c) => api.async(c, [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }]), counter);
  const p = res.topics[0]?.partitions[0];
  if (!p) throw new Error('DescribeQuorum returned no partition');
  return {
    leaderId: p.leaderId,
    leaderEpoch: p.leaderEpoch,
    highWatermark: Number(p.highWatermark),
    voters: (p.currentVoters as RawReplica[]).map(toReplica),
    observers: (p.observers as RawReplica[]).map(toReplica),
  };
}
