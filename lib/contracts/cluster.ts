import { z } from 'zod';

export const clusterId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, "-" and "_", starting with a letter or digit');
export type ClusterId = z.infer<typeof clusterId>;

export const clusterSummary = z.object({
  id: clusterId,
  name: z.string(),
  brokers: z.array(z.string()),
  readOnly: z.boolean(),
  auth: z.enum(['none', 'sasl-plain', 'sasl-scram-sha-256', 'sasl-scram-sha-512']),
  tls: z.boolean(),
});
export type ClusterSummary = z.infer<typeof clusterSummary>;

export const brokerSummary = z.object({
  nodeId: z.number().int(),
  host: z.string(),
  port: z.number().int(),
  rack: z.string().nullable(),
  roles: z.array(z.enum(['broker', 'controller'])),
  isController: z.boolean(),
});
export type BrokerSummary = z.infer<typeof brokerSummary>;

export const quorumVoter = z.object({
  nodeId: z.number().int(),
  endpoint: z.string(),
  /** Whether this voter also serves client traffic as a broker (combined mode). */
  alsoBroker: z.boolean(),
  /** From DescribeQuorum, when the cluster answers it: */
  isLeader: z.boolean().optional(),
  logEndOffset: z.number().optional(),
  /** Metadata records this voter is behind the quorum's high watermark. */
  lag: z.number().optional(),
  lastCaughtUpAt: z.string().nullable().optional(),
});

export const clusterOverview = z.object({
  clusterId: z.string().nullable(),
  cluster: clusterSummary,
  metadataMode: z.enum(['kraft', 'zookeeper', 'unknown']),
  controllerId: z.number().int().nullable(),
  quorum: z.object({
    voters: z.array(quorumVoter),
    /** Where the voter list came from, so the page can say how sure it is. */
    source: z.enum(['controller.quorum.voters', 'controller.quorum.bootstrap.servers', 'unavailable']),
    /** The live Raft state from DescribeQuorum; null when the cluster doesn't answer it. */
    state: z
      .object({
        leaderId: z.number().int(),
        leaderEpoch: z.number().int(),
        highWatermark: z.number(),
        observers: z.array(z.object({ nodeId: z.number().int(), logEndOffset: z.number(), lag: z.number() })),
      })
      .nullable(),
  }),
  brokers: z.array(brokerSummary),
  counts: z.object({
    topics: z.number().int(),
    internalTopics: z.number().int(),
    partitions: z.number().int(),
    replicas: z.number().int(),
    underReplicatedPartitions: z.number().int(),
    offlinePartitions: z.number().int(),
    /** Partitions led by a replica other than their first (preferred) one: a preferred election would move them. */
    notPreferredLeader: z.number().int().default(0),
  }),
  kafkaVersionHint: z.string().nullable(),
  fetchedAt: z.string(),
  latencyMs: z.number(),
});
export type ClusterOverview = z.infer<typeof clusterOverview>;

export const healthReport = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  clusters: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      brokers: z.array(z.string()),
      reachable: z.boolean(),
      latencyMs: z.number().nullable(),
      brokerCount: z.number().int().nullable(),
      error: z.string().nullable(),
      checkedAt: z.string(),
    }),
  ),
});
export type HealthReport = z.infer<typeof healthReport>;

/** GET /api/health without credentials: up or down only (no brokers, names or Kafka errors). */
export const publicHealth = healthReport.pick({ status: true }).strict();
export type PublicHealth = z.infer<typeof publicHealth>;
export type ClusterHealth = HealthReport['clusters'][number];
