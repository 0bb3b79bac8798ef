import { z } from 'zod';
import { configEntry, topicName } from './topics';

/**
 * Partition operations (issue 19): reassignment plans and their execution, leader elections,
 * replication throttles. One schema per request and answer shape, shared by the planner page,
 * the route handlers and the tests.
 */

const brokerId = z.number({ error: 'a broker id must be a number' }).int('a broker id must be a whole number').min(0, 'a broker id is ≥ 0');
const partitionIndex = z.number({ error: 'partition must be a number' }).int('partition must be a whole number').min(0, 'partition is ≥ 0');

export const partitionRef = z.object({ topic: topicName, partition: partitionIndex });
export type PartitionRef = z.infer<typeof partitionRef>;

/** At most this many partitions in one request (kafka-reassign-partitions.sh has no limit; a browser form does). */
export const MAX_PLAN_PARTITIONS = 5_000;

// ── plans ───────────────────────────────────────────────────────────────────────────────────

export const PLAN_MODES = ['decommission', 'balance', 'replication-factor'] as const;
export type PlanMode = (typeof PLAN_MODES)[number];

/**
 * What to plan. decommission: move every replica off `brokers` (all topics, internal ones too,
 * unless `topics` narrows it). balance: spread the replicas and preferred leaders of `topics`
 * (every non-internal topic when absent) evenly over `brokers` (every live broker when absent),
 * which is also how a new broker gets its share. replication-factor: one topic's replica count
 * up or down, placed on the least-loaded brokers.
 */
export const planInput = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('decommission'),
    brokers: z.array(brokerId).min(1, 'name at least one broker to drain'),
    topics: z.array(topicName).optional(),
  }),
  z.object({
    mode: z.literal('balance'),
    topics: z.array(topicName).optional(),
    brokers: z.array(brokerId).min(1, 'name at least one broker to spread over').optional(),
  }),
  z.object({
    mode: z.literal('replication-factor'),
    topic: topicName,
    replicationFactor: z.number({ error: 'replication factor must be a number' }).int('replication factor must be a whole number').min(1, 'replication factor is at least 1').max(32767),
    brokers: z.array(brokerId).min(1).optional(),
  }),
]);
export type PlanInput = z.input<typeof planInput>;

export const plannedPartition = z.object({
  topic: z.string(),
  partition: z.number().int(),
  before: z.array(z.number().int()),
  after: z.array(z.number().int()),
  /** Size of one copy (the leader's log, else the largest replica), from DescribeLogDirs; null when unknown. */
  bytes: z.number().nullable(),
  /** Two replicas on one rack in the plan, because there are fewer racks than replicas. */
  sharesRack: z.boolean(),
});
export type PlannedPartition = z.infer<typeof plannedPartition>;

export const plannedBroker = z.object({
  broker: z.number().int(),
  rack: z.string().nullable(),
  replicasBefore: z.number().int(),
  replicasAfter: z.number().int(),
  leadersBefore: z.number().int(),
  leadersAfter: z.number().int(),
  /** Bytes of the planned partitions' data it would hold before and after. */
  bytesBefore: z.number(),
  bytesAfter: z.number(),
  /** Bytes it would copy from the leaders (replicas it gains). */
  bytesIn: z.number(),
  /** Bytes it would delete (replicas it loses). */
  bytesOut: z.number(),
});
export type PlannedBroker = z.infer<typeof plannedBroker>;

export const reassignmentPlan = z.object({
  mode: z.enum(PLAN_MODES),
  /** Every partition considered; those with before ≠ after are the moves. */
  partitions: z.array(plannedPartition),
  brokers: z.array(plannedBroker),
  moves: z.number().int(),
  /** Sum of the bytes every broker would receive. */
  bytesToMove: z.number(),
  /** Partitions whose size no broker reported (their bytes are missing from the sums). */
  unknownSizes: z.number().int(),
  warnings: z.array(z.string()),
});
export type ReassignmentPlan = z.infer<typeof reassignmentPlan>;

// ── execute, cancel ─────────────────────────────────────────────────────────────────────────

export const MIN_THROTTLE_BYTES_PER_SECOND = 1024;

export const reassignmentInput = z.object({
  partitions: z
    .array(
      partitionRef.extend({
        replicas: z
          .array(brokerId)
          .min(1, 'a partition needs at least one replica')
          .refine((r) => new Set(r).size === r.length, 'a broker can hold only one replica of a partition'),
      }),
    )
    .min(1, 'name at least one partition to move')
    .max(MAX_PLAN_PARTITIONS, `at most ${MAX_PLAN_PARTITIONS} partitions in one reassignment`)
    .superRefine((parts, ctx) => {
      const seen = new Set<string>();
      parts.forEach((p, i) => {
        const key = `${p.topic}/${p.partition}`;
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'partition'], message: `partition ${p.partition} of ${p.topic} is named twice` });
        seen.add(key);
      });
    }),
  /** Replication throttle for the brokers taking part (leader and follower rates), removed when the moves finish. */
  throttleBytesPerSecond: z
    .number({ error: 'throttle must be a number of bytes per second' })
    .int('throttle must be a whole number of bytes per second')
    .min(MIN_THROTTLE_BYTES_PER_SECOND, `a throttle below ${MIN_THROTTLE_BYTES_PER_SECOND} B/s would stall the move`)
    .nullable()
    .optional(),
});
export type ReassignmentInput = z.input<typeof reassignmentInput>;

export const cancelReassignmentInput = z.object({
  /** Partitions whose reassignment to cancel; every one in progress when absent. */
  partitions: z.array(partitionRef).min(1).max(MAX_PLAN_PARTITIONS).optional(),
});
export type CancelReassignmentInput = z.input<typeof cancelReassignmentInput>;

export const partitionOutcome = z.object({
  topic: z.string(),
  partition: z.number().int(),
  /** null when the controller accepted it; else Kafka's error name and message. */
  error: z.string().nullable(),
  message: z.string().nullable(),
});
export type PartitionOutcome = z.infer<typeof partitionOutcome>;

export const reassignmentResult = z.object({
  partitions: z.array(partitionOutcome),
  throttle: z.object({ bytesPerSecond: z.number().int(), brokers: z.array(z.number().int()), topics: z.array(z.string()) }).nullable(),
});
export type ReassignmentResult = z.infer<typeof reassignmentResult>;

// ── progress ────────────────────────────────────────────────────────────────────────────────

export const reassignmentProgress = z.object({
  topic: z.string(),
  partition: z.number().int(),
  /** The full replica set during the move (old and new). */
  replicas: z.array(z.number().int()),
  adding: z.array(z.number().int()),
  removing: z.array(z.number().int()),
  /** The set it ends with: replicas minus removing. */
  target: z.array(z.number().int()),
  /** Bytes the adding replicas still have to copy (leader size minus theirs); null when a broker did not say. */
  bytesToGo: z.number().nullable(),
  /** Size of the leader's log. */
  bytes: z.number().nullable(),
  isr: z.array(z.number().int()),
  leader: z.number().int(),
});
export type ReassignmentProgress = z.infer<typeof reassignmentProgress>;

export const throttleState = z.object({
  /** Brokers with a leader or follower replication rate set, and the rates (bytes/s). */
  brokers: z.array(z.object({ broker: z.number().int(), leaderRate: z.number().nullable(), followerRate: z.number().nullable() })),
  /** Topics with throttled replicas listed. */
  topics: z.array(z.object({ topic: z.string(), leaderReplicas: z.string().nullable(), followerReplicas: z.string().nullable() })),
});
export type ThrottleState = z.infer<typeof throttleState>;

export const reassignmentList = z.object({
  reassignments: z.array(reassignmentProgress),
  throttle: throttleState,
  /** The console is watching moves it started with a throttle, and removes the throttle when they finish. */
  throttleAutoRemove: z.boolean(),
  fetchedAt: z.string(),
});
export type ReassignmentList = z.infer<typeof reassignmentList>;

// ── elections ───────────────────────────────────────────────────────────────────────────────

export const electionInput = z
  .object({
    type: z.enum(['preferred', 'unclean']),
    /** Every partition of this topic. */
    topic: topicName.optional(),
    /** These partitions. Neither topic nor partitions: every partition of the cluster (preferred only). */
    partitions: z.array(partitionRef).min(1).max(MAX_PLAN_PARTITIONS).optional(),
    /** Unclean election can lose acknowledged records: the caller must say they accept that. */
    acceptDataLoss: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.topic && v.partitions) ctx.addIssue({ code: 'custom', path: ['partitions'], message: 'name a topic or partitions, not both' });
    if (v.type === 'unclean') {
      if (!v.partitions) ctx.addIssue({ code: 'custom', path: ['partitions'], message: 'unclean election needs the partitions named one by one' });
      if (v.acceptDataLoss !== true) {
        ctx.addIssue({ code: 'custom', path: ['acceptDataLoss'], message: 'unclean election can lose acknowledged messages: set acceptDataLoss to true to go ahead' });
      }
    }
  });
export type ElectionInput = z.input<typeof electionInput>;

export const electionOutcome = z.object({
  topic: z.string(),
  partition: z.number().int(),
  outcome: z.enum(['elected', 'not-needed', 'failed']),
  error: z.string().nullable(),
  message: z.string().nullable(),
});
export type ElectionOutcome = z.infer<typeof electionOutcome>;

export const electionResult = z.object({ results: z.array(electionOutcome) });
export type ElectionResult = z.infer<typeof electionResult>;

// ── broker configs ──────────────────────────────────────────────────────────────────────────

/** The {id} of /brokers/{id}/configs: a broker id, or "default" for the cluster-wide default. */
export const brokerConfigTarget = z.union([z.literal('default'), z.coerce.number({ error: 'broker must be a broker id or "default"' }).int().min(0)]);
export type BrokerConfigTarget = z.infer<typeof brokerConfigTarget>;

export const brokerConfigs = z.object({
  target: z.union([z.literal('default'), z.number().int()]),
  configs: z.array(configEntry),
  fetchedAt: z.string(),
});
export type BrokerConfigsAnswer = z.infer<typeof brokerConfigs>;

export const throttleRemoval = z.object({ removed: throttleState });

/** Broker keys the reassignment throttle uses (kafka-reassign-partitions.sh sets the same). */
export const THROTTLE_CONFIG = {
  leaderRate: 'leader.replication.throttled.rate',
  followerRate: 'follower.replication.throttled.rate',
  leaderReplicas: 'leader.replication.throttled.replicas',
  followerReplicas: 'follower.replication.throttled.replicas',
} as const;

/** Partitions led by a broker other than their preferred (first) replica. */
export function notPreferredLeader(p: { leader: number; replicas: number[] }): boolean {
  return p.leader >= 0 && p.replicas.length > 0 && p.leader !== p.replicas[0];
}
