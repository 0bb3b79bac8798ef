import { z } from 'zod';

// ── names ────────────────────────────────────────────────────────────────────────────────────

/** Kafka's own rules (org.apache.kafka.common.internals.Topic.validate). */
export const TOPIC_NAME_MAX = 249;
export const topicName = z
  .string()
  .min(1, 'a topic name cannot be empty')
  .max(TOPIC_NAME_MAX, `a topic name is at most ${TOPIC_NAME_MAX} characters`)
  .regex(/^[a-zA-Z0-9._-]+$/, 'only letters, digits, ".", "_" and "-" are allowed')
  .refine((n) => n !== '.' && n !== '..', 'a topic cannot be named "." or ".."');
export type TopicName = z.infer<typeof topicName>;

/** Internal topics (Kafka's own): shown behind a toggle, never deletable. */
export function isInternalTopic(name: string): boolean {
  return name.startsWith('__');
}

/**
 * Kafka metric names replace '.' with '_', so "a.b" and "a_b" share metrics. Kafka refuses the
 * second one only at create time and with a terse message; the form warns as you type.
 */
export function metricName(name: string): string {
  return name.replace(/\./g, '_');
}
export function metricCollisions(name: string, existing: Iterable<string>): string[] {
  if (!name.includes('.') && !name.includes('_')) return [];
  const key = metricName(name);
  const out: string[] = [];
  for (const other of existing) if (other !== name && metricName(other) === key) out.push(other);
  return out;
}

// ── config keys the forms know by name ──────────────────────────────────────────────────────

export const TOPIC_CONFIG = {
  cleanupPolicy: 'cleanup.policy',
  retentionMs: 'retention.ms',
  retentionBytes: 'retention.bytes',
  minInsyncReplicas: 'min.insync.replicas',
  maxMessageBytes: 'max.message.bytes',
  compressionType: 'compression.type',
} as const;

export const CLEANUP_POLICIES = ['delete', 'compact', 'compact,delete'] as const;
export const COMPRESSION_TYPES = ['producer', 'uncompressed', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

/** A config key as Kafka spells them: lowercase words joined by dots. */
export const configKey = z
  .string()
  .min(1, 'a config key cannot be empty')
  .max(255)
  .regex(/^[a-z0-9]+([._-][a-z0-9]+)*$/, 'config keys look like "retention.ms"');
export const configValue = z.string().max(65_536);
export const configMap = z.record(configKey, configValue);

// ── create ──────────────────────────────────────────────────────────────────────────────────

export const MAX_PARTITIONS = 10_000;

const createTopicShape = z.object({
  name: topicName,
  partitions: z
    .number({ error: 'partitions must be a number' })
    .int('partitions must be a whole number')
    .min(1, 'a topic needs at least 1 partition')
    .max(MAX_PARTITIONS, `at most ${MAX_PARTITIONS} partitions per topic here`),
  replicationFactor: z
    .number({ error: 'replication factor must be a number' })
    .int('replication factor must be a whole number')
    .min(1, 'replication factor is at least 1')
    .max(32767),
  configs: configMap.default({}),
});

/**
 * The create-topic input. `liveBrokers`, when known (the form knows it from the brokers query,
 * the server asks the cluster), bounds the replication factor.
 */
export function createTopicSchema(opts: { liveBrokers?: number } = {}) {
  return createTopicShape.superRefine((v, ctx) => {
    if (opts.liveBrokers !== undefined && v.replicationFactor > opts.liveBrokers) {
      ctx.addIssue({
        code: 'custom',
        path: ['replicationFactor'],
        message: `replication factor ${v.replicationFactor} is more than the ${opts.liveBrokers} live broker${opts.liveBrokers === 1 ? '' : 's'}`,
      });
    }
    const minIsr = v.configs[TOPIC_CONFIG.minInsyncReplicas];
    if (minIsr !== undefined) {
      const n = Number(minIsr);
      if (!Number.isInteger(n) || n < 1) {
        ctx.addIssue({ code: 'custom', path: ['configs', TOPIC_CONFIG.minInsyncReplicas], message: 'min.insync.replicas must be a whole number ≥ 1' });
      } else if (n > v.replicationFactor) {
        ctx.addIssue({
          code: 'custom',
          path: ['configs', TOPIC_CONFIG.minInsyncReplicas],
          message: `min.insync.replicas (${n}) cannot exceed the replication factor (${v.replicationFactor})`,
        });
      }
    }
  });
}
export const createTopicInput = createTopicSchema();
export type CreateTopicInput = z.input<typeof createTopicShape>;

// ── list ────────────────────────────────────────────────────────────────────────────────────

export const TOPIC_SORTS = ['name', 'partitions', 'messages', 'underReplicated'] as const;
export type TopicSort = (typeof TOPIC_SORTS)[number];

export const topicListQuery = z.object({
  search: z.string().max(249).optional().default(''),
  internal: z.enum(['true', 'false']).optional().default('false').transform((v) => v === 'true'),
  sort: z.enum(TOPIC_SORTS).optional().default('name'),
  dir: z.enum(['asc', 'desc']).optional().default('asc'),
  /** Opaque to clients: the index of the first row of the page. */
  cursor: z.coerce.number().int().min(0).optional().default(0),
  limit: z.coerce.number().int().min(1).max(1000).optional().default(100),
  /** Only topics whose metric name equals this name's ('.' and '_' collide), for the create form. */
  collidesWith: z.string().max(249).optional(),
  /** Read every topic's metadata again before answering, instead of the server's topic index (the page's refresh action). */
  refresh: z.enum(['true', 'false']).optional().default('false').transform((v) => v === 'true'),
});
export type TopicListQuery = z.input<typeof topicListQuery>;

export const topicSummary = z.object({
  name: z.string(),
  internal: z.boolean(),
  partitions: z.number().int(),
  replicationFactor: z.number().int(),
  underReplicatedPartitions: z.number().int(),
  offlinePartitions: z.number().int(),
  /** Sum over partitions of latest minus earliest offset. */
  messages: z.number(),
  /** Compacted (or unknown cleanup policy): the count is an upper bound, not exact. */
  messagesIsEstimate: z.boolean(),
  cleanupPolicy: z.string().nullable(),
});
export type TopicSummary = z.infer<typeof topicSummary>;

export const topicList = z.object({
  topics: z.array(topicSummary),
  /** Topics matching search and the internal toggle, over all pages. */
  total: z.number().int(),
  nextCursor: z.string().nullable(),
  liveBrokers: z.number().int(),
  /**
   * Names, filters and sort order come from the server's topic index: when the whole-cluster read
   * behind it was sent, and how old it was when this answer left. The rows' partitions, replicas
   * and offsets are read afresh for the page.
   */
  indexedAt: z.string(),
  indexAgeMs: z.number().int(),
  /** How the answer was made: Kafka requests sent for this call, and the time taken. */
  stats: z.object({
    kafkaRequests: z.number().int(),
    latencyMs: z.number(),
    /** Topics in the index the call filtered and sorted. */
    topicsScanned: z.number().int(),
    /** Where the time went: Metadata requests (the page's, and the whole cluster's when it waited for the index), and the rest (ListOffsets and DescribeConfigs, filtering, sorting). */
    scanMs: z.number(),
    offsetsMs: z.number(),
    /** warm: the index served from memory; stale: served while a read runs in the background; cold (none yet), expired (past the hard limit), forced (refresh): the call waited for a whole-cluster read. */
    indexRead: z.enum(['warm', 'stale', 'cold', 'expired', 'forced']),
    /** ms the call waited for the index (0 when warm or stale), and how long the whole-cluster read it waited for took. */
    indexWaitMs: z.number().int(),
    indexReadMs: z.number().int(),
    /** Whole-cluster reads this server has made for this cluster's index so far. */
    indexReads: z.number().int(),
  }),
});
export type TopicList = z.infer<typeof topicList>;

// ── detail ──────────────────────────────────────────────────────────────────────────────────

export const partitionState = z.object({
  partition: z.number().int(),
  leader: z.number().int(),
  replicas: z.array(z.number().int()),
  isr: z.array(z.number().int()),
  offlineReplicas: z.array(z.number().int()),
  /** Offsets as decimal strings (int64); null when the partition has no leader to ask. */
  earliest: z.string().nullable(),
  latest: z.string().nullable(),
});
export type PartitionState = z.infer<typeof partitionState>;

export const CONFIG_SOURCES = ['default', 'topic', 'dynamic-broker', 'dynamic-default-broker', 'static-broker', 'broker-logger', 'unknown'] as const;
export type ConfigSourceName = (typeof CONFIG_SOURCES)[number];

export const configEntry = z.object({
  name: z.string(),
  /** null when the broker withholds it (sensitive) or it is unset. */
  value: z.string().nullable(),
  source: z.enum(CONFIG_SOURCES),
  isDefault: z.boolean(),
  sensitive: z.boolean(),
  readOnly: z.boolean(),
});
export type ConfigEntry = z.infer<typeof configEntry>;

export const replicaSize = z.object({
  partition: z.number().int(),
  broker: z.number().int(),
  logDir: z.string(),
  bytes: z.number(),
  /** How far this replica's log end is behind the high watermark. */
  offsetLag: z.number(),
  /** A copy being moved between log dirs (AlterReplicaLogDirs), not yet the replica's log. */
  isFuture: z.boolean(),
});
export type ReplicaSize = z.infer<typeof replicaSize>;

/** Size on disk, from DescribeLogDirs sent to each broker hosting a replica. */
export const topicSizes = z.object({
  /** Every replica's current log: what the topic takes on the cluster's disks. */
  totalBytes: z.number(),
  /** One copy of each partition: its leader's log (or its largest replica when it has no leader). */
  leaderBytes: z.number(),
  replicas: z.array(replicaSize),
  /** Brokers that did not answer: their replicas are missing from the sums. */
  missingBrokers: z.array(z.number().int()),
});
export type TopicSizes = z.infer<typeof topicSizes>;

export const topicDetail = z.object({
  name: z.string(),
  internal: z.boolean(),
  replicationFactor: z.number().int(),
  partitions: z.array(partitionState),
  brokers: z.array(z.object({ nodeId: z.number().int(), host: z.string(), port: z.number().int() })),
  configs: z.array(configEntry),
  messages: z.number(),
  messagesIsEstimate: z.boolean(),
  underReplicatedPartitions: z.number().int(),
  offlinePartitions: z.number().int(),
  /** null when no broker could answer DescribeLogDirs. */
  sizes: topicSizes.nullable(),
  fetchedAt: z.string(),
});
export type TopicDetail = z.infer<typeof topicDetail>;

// ── changes ─────────────────────────────────────────────────────────────────────────────────

export const alterConfigsInput = z
  .object({
    set: configMap.default({}),
    /** Keys to reset to the cluster default. */
    delete: z.array(configKey).default([]),
  })
  .superRefine((v, ctx) => {
    if (Object.keys(v.set).length === 0 && v.delete.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['set'], message: 'nothing to change: set or delete at least one key' });
    }
    for (const k of v.delete) {
      if (k in v.set) ctx.addIssue({ code: 'custom', path: ['delete'], message: `"${k}" is both set and reset` });
    }
  });
export type AlterConfigsInput = z.input<typeof alterConfigsInput>;

export function addPartitionsSchema(current?: number) {
  return z.object({
    count: z
      .number({ error: 'count must be a number' })
      .int('count must be a whole number')
      .min(1)
      .max(MAX_PARTITIONS)
      .refine((n) => current === undefined || n > current, {
        message: current === undefined ? '' : `the new total must be more than the current ${current} partitions (Kafka cannot remove partitions)`,
      }),
  });
}
export const addPartitionsInput = addPartitionsSchema();
export type AddPartitionsInput = z.infer<typeof addPartitionsInput>;

/** Delete records: every partition up to now, or one partition up to an offset (exclusive). */
export const purgeInput = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('all') }),
  z.object({
    mode: z.literal('offset'),
    partition: z.number().int().min(0),
    offset: z.number().int().min(0, 'offset must be ≥ 0'),
  }),
]);
export type PurgeInput = z.infer<typeof purgeInput>;

export const purgeResult = z.object({
  partitions: z.array(z.object({ partition: z.number().int(), lowWatermark: z.string() })),
});
export type PurgeResult = z.infer<typeof purgeResult>;

export const deleteTopicResult = z.object({ deleted: z.string() });
export const createTopicResult = z.object({ name: z.string(), partitions: z.number().int(), replicationFactor: z.number().int() });

// ── human units ─────────────────────────────────────────────────────────────────────────────

export const DURATION_UNITS = { ms: 1, s: 1_000, min: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const BYTE_UNITS = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 } as const;
export type DurationUnit = keyof typeof DURATION_UNITS;
export type ByteUnit = keyof typeof BYTE_UNITS;

/** The largest unit that divides the value exactly, for showing a config in the form. */
export function splitUnits<U extends string>(raw: string, units: Record<U, number>): { amount: string; unit: U } | null {
  const n = Number(raw);
  const entries = Object.entries(units) as [U, number][];
  if (!Number.isFinite(n) || raw.trim() === '') return null;
  if (n < 0) return { amount: String(n), unit: entries[0]![0] };
  for (let i = entries.length - 1; i >= 0; i--) {
    const [u, f] = entries[i]!;
    if (n !== 0 && n % f === 0) return { amount: String(n / f), unit: u };
  }
  return { amount: String(n), unit: entries[0]![0] };
}

export function joinUnits<U extends string>(amount: string, unit: U, units: Record<U, number>): string | null {
  if (amount.trim() === '') return null;
  const n = Number(amount);
  if (!Number.isFinite(n)) return null;
  if (n === -1) return '-1';
  return String(Math.round(n * units[unit]));
}

/** "604800000" ms → "7 d"; "-1" → "unlimited". */
export function humanDuration(raw: string | null): string {
  if (raw == null) return '—';
  if (raw === '-1') return 'unlimited';
  const s = splitUnits(raw, DURATION_UNITS);
  return s ? `${s.amount} ${s.unit}` : raw;
}
export function humanBytes(raw: string | null): string {
  if (raw == null) return '—';
  if (raw === '-1') return 'unlimited';
  const s = splitUnits(raw, BYTE_UNITS);
  return s ? `${s.amount} ${s.unit}` : raw;
}
