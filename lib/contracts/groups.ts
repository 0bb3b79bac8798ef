import { z } from 'zod';

/** Kafka group ids: anything printable up to 255 characters (the broker is the judge beyond that). */
export const groupId = z.string().min(1).max(255);

/** The group's kind (ListGroups v5): classic protocol, KIP-848 consumer, KIP-932 share, KIP-1071 streams. */
export const groupType = z.enum(['classic', 'consumer', 'share', 'streams']);
export type GroupType = z.infer<typeof groupType>;

export const lagStatus = z.enum(['OK', 'WARNING', 'STALLED', 'STOPPED', 'REWOUND', 'UNKNOWN']);
export type LagStatus = z.infer<typeof lagStatus>;

export const statusVerdict = z.object({
  status: lagStatus,
  /** Why, in words: "offset unchanged for 5 min while lag grew from 120 to 4,300". */
  reason: z.string(),
});
export type StatusVerdict = z.infer<typeof statusVerdict>;

export const groupSummary = z.object({
  groupId: z.string(),
  type: groupType,
  state: z.string(),
  protocolType: z.string(),
  /** The assignor the group agreed on ("range", "RoundRobinAssigner"); empty when none. */
  protocol: z.string(),
  members: z.number().int(),
  topics: z.array(z.string()),
  /** Sum over partitions with a commit; null when none has one. */
  totalLag: z.number().nullable(),
  partitionsWithoutCommit: z.number().int(),
  status: lagStatus,
  statusReason: z.string(),
  /** Total lag per sampler cycle, oldest first, for the sparkline. */
  sparkline: z.array(z.number()),
});
export type GroupSummary = z.infer<typeof groupSummary>;

/** GET …/consumer-groups?type=: only groups of this type (all when absent). */
export const groupListQuery = z.object({ type: groupType.optional() });
export type GroupListQuery = z.infer<typeof groupListQuery>;

export const groupList = z.object({
  groups: z.array(groupSummary),
  fetchedAt: z.string(),
  latencyMs: z.number(),
  /** Kafka requests this answer cost. */
  kafkaRequests: z.number().int(),
  sampler: z.object({
    intervalMs: z.number(),
    lastSampleAt: z.string().nullable(),
    /** This console instance, and its part in sampling this cluster (one instance samples per database). */
    instance: z.string(),
    role: z.enum(['off', 'joining', 'sampling', 'standby']),
    /** The consumer group the instances elect the sampler through; null where none (off, read-only). */
    electionGroup: z.string().nullable(),
    /** Cost of the last cycle this instance recorded (snapshot and database write); null if none. */
    lastCycle: z
      .object({ at: z.string(), durationMs: z.number(), requests: z.number().int(), groups: z.number().int(), partitions: z.number().int() })
      .nullable(),
  }),
});
export type GroupList = z.infer<typeof groupList>;

export const groupMember = z.object({
  memberId: z.string(),
  clientId: z.string(),
  host: z.string(),
  assignment: z.array(z.object({ topic: z.string(), partitions: z.array(z.number().int()) })),
});
export type GroupMember = z.infer<typeof groupMember>;

export const partitionLag = z.object({
  topic: z.string(),
  partition: z.number().int(),
  /** null: the group never committed an offset for this partition. */
  committed: z.number().nullable(),
  logStart: z.number(),
  logEnd: z.number(),
  /** Last stable offset: where read_committed consumers stop (below logEnd while a transaction is open). */
  lastStable: z.number(),
  lag: z.number().nullable(),
  lagToStable: z.number().nullable(),
  memberId: z.string().nullable(),
  clientId: z.string().nullable(),
  /** When the sampler last saw the committed offset move (the broker does not report commit times). */
  lastMovedAt: z.string().nullable(),
  status: lagStatus,
  statusReason: z.string(),
});
export type PartitionLag = z.infer<typeof partitionLag>;

export const topicLagTotal = z.object({
  topic: z.string(),
  partitions: z.number().int(),
  lag: z.number().nullable(),
  lagToStable: z.number().nullable(),
  /** Messages per second, from the sampler's recent window; null without history. */
  consumeRate: z.number().nullable(),
  produceRate: z.number().nullable(),
  /** Seconds until caught up at the recent rates; null when not catching up or unknown. */
  catchUpSeconds: z.number().nullable(),
});
export type TopicLagTotal = z.infer<typeof topicLagTotal>;

const taskIds = z.array(z.object({ subtopology: z.string(), partitions: z.array(z.number().int()) }));
export const streamsTaskSet = z.object({ active: taskIds, standby: taskIds, warmup: taskIds });
export type StreamsTaskSet = z.infer<typeof streamsTaskSet>;

export const streamsNode = z.object({
  name: z.string(),
  kind: z.enum(['source', 'processor', 'sink']),
  sourceTopics: z.array(z.string()),
  sinkTopic: z.string().nullable(),
  stores: z.array(z.string()),
  successors: z.array(z.string()),
});
export type StreamsNode = z.infer<typeof streamsNode>;

const streamsTopic = z.object({ name: z.string(), partitions: z.number().int() });
export const streamsSubtopology = z.object({
  id: z.string(),
  sourceTopics: z.array(z.string()),
  repartitionSinkTopics: z.array(z.string()),
  changelogTopics: z.array(streamsTopic),
  repartitionSourceTopics: z.array(streamsTopic),
  /** Processor nodes as the application described them to the broker; null when it has none. */
  nodes: z.array(streamsNode).nullable(),
});
export type StreamsSubtopology = z.infer<typeof streamsSubtopology>;

/** A KIP-1071 streams group as the broker knows it: the application's members, tasks and topology. */
export const streamsGroupInfo = z.object({
  groupEpoch: z.number().int(),
  assignmentEpoch: z.number().int(),
  topologyEpoch: z.number().int().nullable(),
  subtopologies: z.array(streamsSubtopology),
  members: z.array(
    z.object({
      memberId: z.string(),
      processId: z.string(),
      clientId: z.string(),
      host: z.string(),
      instanceId: z.string().nullable(),
      endpoint: z.string().nullable(),
      memberEpoch: z.number().int(),
      isClassic: z.boolean(),
      tasks: streamsTaskSet,
      targetTasks: streamsTaskSet,
    }),
  ),
});
export type StreamsGroupInfo = z.infer<typeof streamsGroupInfo>;

/** A Kafka Streams application's internal topics (named <application.id>-…-changelog / -repartition). */
export const streamsInternalTopic = z.object({ name: z.string(), kind: z.enum(['changelog', 'repartition']) });
export type StreamsInternalTopic = z.infer<typeof streamsInternalTopic>;

export const groupDetail = z.object({
  groupId: z.string(),
  type: groupType,
  state: z.string(),
  protocolType: z.string(),
  protocol: z.string(),
  members: z.array(groupMember),
  partitions: z.array(partitionLag),
  topics: z.array(topicLagTotal),
  totalLag: z.number().nullable(),
  status: lagStatus,
  statusReason: z.string(),
  catchUpSeconds: z.number().nullable(),
  /** Whether any topic has an open transaction (last stable offset below the log end). */
  transactionsInPlay: z.boolean(),
  /** Streams groups: members' processes and tasks, and the topology (null for other types). */
  streams: streamsGroupInfo.nullable(),
  /**
   * A Kafka Streams application's internal topics: a streams group's, or those of a classic or
   * consumer group whose id is an application.id (that is how Streams on the classic protocol is recognised).
   */
  streamsInternalTopics: z.array(streamsInternalTopic),
  fetchedAt: z.string(),
});
export type GroupDetail = z.infer<typeof groupDetail>;

export const lagRange = z.enum(['15m', '1h', '6h', '24h', '7d']);
export type LagRange = z.infer<typeof lagRange>;
export const lagRangeMs: Record<LagRange, number> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
};
export const lagHistoryQuery = z.object({ range: lagRange.default('1h'), topic: z.string().min(1).optional() });

export const lagPoint = z.object({
  ts: z.number(),
  totalLag: z.number(),
  byTopic: z.record(z.string(), z.number()),
  /** Messages per second since the previous point; null for the first. */
  consumeRate: z.number().nullable(),
  produceRate: z.number().nullable(),
});
export type LagPoint = z.infer<typeof lagPoint>;

export const lagHistory = z.object({
  groupId: z.string(),
  range: lagRange,
  topics: z.array(z.string()),
  points: z.array(lagPoint),
  intervalMs: z.number(),
});
export type LagHistory = z.infer<typeof lagHistory>;

const nonNegInt = z.coerce.number().int().min(0);
export const resetStrategy = z.discriminatedUnion('strategy', [
  z.object({ strategy: z.literal('earliest') }),
  z.object({ strategy: z.literal('latest') }),
  z.object({ strategy: z.literal('timestamp'), timestamp: z.coerce.number().int().min(0) }),
  z.object({ strategy: z.literal('offset'), offset: nonNegInt }),
  z.object({ strategy: z.literal('shift'), shift: z.coerce.number().int().refine((n) => n !== 0, 'shift by a non-zero number') }),
]);

/** DELETE …/consumer-groups/{group}/offsets?topic=: a share group forgets its state for the topic. */
export const deleteGroupOffsetsQuery = z.object({ topic: z.string().min(1).max(249) });
export type DeleteGroupOffsetsQuery = z.infer<typeof deleteGroupOffsetsQuery>;

export const resetOffsetsInput = z.intersection(
  z.object({
    topic: z.string().min(1).max(249),
    /** Omit for every partition of the topic. */
    partitions: z.array(z.number().int().min(0)).min(1).optional(),
    dryRun: z.boolean().default(true),
  }),
  resetStrategy,
);
export type ResetOffsetsInput = z.input<typeof resetOffsetsInput>;

export const resetPreviewRow = z.object({
  partition: z.number().int(),
  current: z.number().nullable(),
  target: z.number(),
  logEnd: z.number(),
  lagBefore: z.number().nullable(),
  lagAfter: z.number(),
});
export type ResetPreviewRow = z.infer<typeof resetPreviewRow>;

export const resetOffsetsResult = z.object({
  groupId: z.string(),
  topic: z.string(),
  dryRun: z.boolean(),
  applied: z.boolean(),
  partitions: z.array(resetPreviewRow),
});
export type ResetOffsetsResult = z.infer<typeof resetOffsetsResult>;

export const topicConsumers = z.object({
  topic: z.string(),
  groups: z.array(
    z.object({
      groupId: z.string(),
      state: z.string(),
      members: z.number().int(),
      lag: z.number().nullable(),
      status: lagStatus,
      statusReason: z.string(),
    }),
  ),
});
export type TopicConsumers = z.infer<typeof topicConsumers>;
