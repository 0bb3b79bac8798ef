import 'server-only';
import type { Kafka } from 'kafkajs';
import { Decoder, Encoder, lowLevelCluster, type KafkaJsCluster, type KafkaJsDecoder } from './low-level';

// DescribeQuorum (API key 55, KIP-595/KIP-836) isn't in KafkaJS. Brokers forward it to the
// active controller, which is how kafka-metadata-quorum.sh --bootstrap-server works too.
const DESCRIBE_QUORUM = 55;
const METADATA_TOPIC = '__cluster_metadata';

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

function encodeRequest() {
  const partition = new Encoder().writeInt32(0).writeUVarIntBytes();
  const topic = new Encoder().writeUVarIntString(METADATA_TOPIC).writeUVarIntArray([partition]).writeUVarIntBytes();
  // The leading empty tag buffer completes KafkaJS's v1 request header into the flexible v2 one.
  return new Encoder().writeUVarIntBytes().writeUVarIntArray([topic]).writeUVarIntBytes();
}

function toNumber(v: { toString(): string }): number {
  return Number(v.toString());
}

function decodeReplica(version: number) {
  return (d: KafkaJsDecoder): QuorumReplica => {
    const replicaId = d.readInt32();
    if (version >= 2) d.readBytes(16); // replica_directory_id
    const logEndOffset = toNumber(d.readInt64());
    let lastFetchTimestamp: number | null = null;
    let lastCaughtUpTimestamp: number | null = null;
    if (version >= 1) {
      lastFetchTimestamp = toNumber(d.readInt64());
      lastCaughtUpTimestamp = toNumber(d.readInt64());
    }
    d.readTaggedFields();
    return {
      replicaId,
      logEndOffset,
      lastFetchTimestamp: lastFetchTimestamp !== null && lastFetchTimestamp >= 0 ? lastFetchTimestamp : null,
      lastCaughtUpTimestamp: lastCaughtUpTimestamp !== null && lastCaughtUpTimestamp >= 0 ? lastCaughtUpTimestamp : null,
    };
  };
}

export function decodeDescribeQuorum(raw: Buffer, version: number): QuorumState {
  const d = new Decoder(raw);
  d.readTaggedFields(); // response header v1
  const errorCode = d.readInt16();
  const errorMessage = version >= 2 ? d.readUVarIntString() : null;
  if (errorCode !== 0) throw new Error(`DescribeQuorum failed with error code ${errorCode}${errorMessage ? `: ${errorMessage}` : ''}`);
  const topics = d.readUVarIntArray((t) => {
    t.readUVarIntString();
    const partitions = t.readUVarIntArray((p) => {
      p.readInt32(); // partition index
      const partitionError = p.readInt16();
      if (version >= 2) p.readUVarIntString();
      const state = {
        leaderId: p.readInt32(),
        leaderEpoch: p.readInt32(),
        highWatermark: toNumber(p.readInt64()),
        voters: p.readUVarIntArray(decodeReplica(version)) ?? [],
        observers: p.readUVarIntArray(decodeReplica(version)) ?? [],
      };
      p.readTaggedFields();
      if (partitionError !== 0) throw new Error(`DescribeQuorum partition error code ${partitionError}`);
      return state;
    });
    t.readTaggedFields();
    return partitions;
  });
  const state = topics?.[0]?.[0];
  if (!state) throw new Error('DescribeQuorum returned no partition');
  return state;
}

// One low-level connection per Kafka client, reused across overview calls; dropped on error.
const clusters = new WeakMap<Kafka, Promise<KafkaJsCluster>>();

function clusterOf(kafka: Kafka): Promise<KafkaJsCluster> {
  let c = clusters.get(kafka);
  if (!c) {
    c = lowLevelCluster(kafka);
    c.catch(() => clusters.delete(kafka));
    clusters.set(kafka, c);
  }
  return c;
}

/** The KRaft quorum as the active controller sees it; null when the cluster doesn't support it. */
export async function describeQuorum(kafka: Kafka): Promise<QuorumState | null> {
  const cluster = await clusterOf(kafka);
  try {
    const broker = cluster.brokerPool.seedBroker;
    const supported = broker.versions?.[DESCRIBE_QUORUM];
    if (!supported) return null;
    // v2 adds directory ids and a nodes list we don't need; v1 has the fetch timestamps.
    const version = Math.min(1, supported.maxVersion);
    let decoded: QuorumState | undefined;
    await broker.connectionPool.send({
      request: { apiKey: DESCRIBE_QUORUM, apiVersion: version, apiName: 'DescribeQuorum', encode: async () => encodeRequest() },
      response: {
        decode: async (raw: Buffer) => (decoded = decodeDescribeQuorum(raw, version)),
        parse: async (data: unknown) => data,
      },
    });
    return decoded ?? null;
  } catch (err) {
    clusters.delete(kafka);
    await cluster.disconnect().catch(() => {});
    throw err;
  }
}
