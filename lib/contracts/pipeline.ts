import { z } from 'zod';
import { clusterId } from './cluster';

export const pipelinePrefix = z.string().max(120).regex(/^[a-zA-Z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only');

export const pipelineQuery = z
  .object({
    cluster: clusterId.default('local'),
    prefix: pipelinePrefix.optional(),
  })
  .strict();

/** Pause/resume the producer or change its speed; omitted fields keep their value. */
export const producerControlInput = z
  .object({
    paused: z.boolean().optional(),
    speedDaysPerSecond: z.number().min(0.1, 'at least 0.1 days per second').max(10_000, 'at most 10,000 days per second').optional(),
  })
  .strict()
  .refine((v) => v.paused !== undefined || v.speedDaysPerSecond !== undefined, { message: 'give paused or speedDaysPerSecond', path: ['paused'] });
export type ProducerControlInput = z.infer<typeof producerControlInput>;

export const producerCommandOut = z.object({ paused: z.boolean(), speedDaysPerSecond: z.number(), at: z.string() });

const node = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  topic: z.string().optional(),
  store: z.string().optional(),
  detail: z.string().optional(),
});
const edge = z.object({ from: z.string(), to: z.string(), label: z.string().optional() });

export const processStatusOut = z.object({
  role: z.string(),
  instance: z.string(),
  state: z.string(),
  counters: z.record(z.string(), z.number()),
  rate: z.number(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  startedAt: z.string(),
  updatedAt: z.string(),
  /** no status for over 5 s: the process is gone or stuck */
  stale: z.boolean(),
});
export type ProcessStatusOut = z.infer<typeof processStatusOut>;

export const pipelineTopic = z.object({
  role: z.enum(['raw', 'processed', 'dlq', 'changelog', 'control']),
  name: z.string(),
  exists: z.boolean(),
  partitions: z.number().int(),
  /** sum of end offsets over partitions (control records included) */
  endOffset: z.number(),
  /** offsets per second over the last sampling window; null until two samples exist */
  rate: z.number().nullable(),
});

export const pipelineGroup = z.object({
  role: z.enum(['processor', 'db-writer']),
  groupId: z.string(),
  topic: z.string(),
  state: z.string(),
  members: z.number().int(),
  lag: z.number().nullable(),
  status: z.enum(['ok', 'lagging', 'no-members', 'unknown']),
});
export type PipelineGroup = z.infer<typeof pipelineGroup>;

export const pipelineGraph = z.object({ nodes: z.array(node.extend({ ref: z.string().optional() })), edges: z.array(edge.extend({ group: z.string().optional() })) });

export const pipelineReport = z.object({
  cluster: z.string(),
  prefix: z.string(),
  fetchedAt: z.string(),
  graph: pipelineGraph,
  topology: z.object({ nodes: z.array(node), edges: z.array(edge) }),
  topics: z.array(pipelineTopic),
  groups: z.array(pipelineGroup),
  processes: z.array(processStatusOut),
  producerCommand: producerCommandOut.nullable(),
  dlqCount: z.number(),
  statusReader: z.enum(['starting', 'ready', 'error']),
  statusError: z.string().nullable(),
});
export type PipelineReport = z.infer<typeof pipelineReport>;
