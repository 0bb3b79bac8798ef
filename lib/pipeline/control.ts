import { z } from 'zod';

/**
 * The control topic (compacted, one partition) carries commands for the producer under the key
 * `command:producer`, and each pipeline process's status under `status:<role>:<instance>`, so the
 * console can show state and rates without talking to the processes themselves.
 */
export const PRODUCER_COMMAND_KEY = 'command:producer';
export const statusKey = (role: string, instance: string) => `status:${role}:${instance}`;

export const producerCommand = z
  .object({
    paused: z.boolean(),
    speedDaysPerSecond: z.number().positive().max(100_000),
    at: z.string(),
  })
  .strict();
export type ProducerCommand = z.infer<typeof producerCommand>;

export const processStatus = z.object({
  role: z.enum(['producer', 'processor', 'db-writer']),
  instance: z.string(),
  state: z.string(),
  /** process-wide counters, monotonic within a process lifetime */
  counters: z.record(z.string(), z.number()),
  /** records per second over the last status interval */
  rate: z.number(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
  startedAt: z.string(),
  updatedAt: z.string(),
});
export type ProcessStatus = z.infer<typeof processStatus>;

export const STATUS_INTERVAL_MS = 1_000;
