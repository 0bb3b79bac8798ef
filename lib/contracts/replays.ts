import { z } from 'zod';
import { topicName } from './topics';

/**
 * Replay and redrive (issue 21): re-produce selected messages to the same or another topic,
 * keeping key, headers and optionally partition, adding `riffle.replay.*` provenance headers.
 */
export const REPLAY_HEADER = {
  /** `topic/partition/offset` the message was copied from (`import:` first for a file). */
  source: 'riffle.replay.source',
  /** The run's id. */
  run: 'riffle.replay.run',
  /** When the copy was made (ISO). */
  at: 'riffle.replay.at',
  /** The original record's timestamp (ms). */
  timestamp: 'riffle.replay.timestamp',
  /** Who started the run. */
  by: 'riffle.replay.by',
} as const;

export const MAX_REPLAY_MESSAGES = 1_000_000;
export const MAX_IMPORT_MESSAGES = 10_000;

const optionalText = z.string().max(500).optional();

/** The browse filter, as the messages page holds it. */
export const replayFilter = z
  .object({ keyContains: optionalText, valueContains: optionalText, headerContains: optionalText, where: optionalText })
  .strict();

/** Start: earliest | offset:N | timestamp:MS. End: latest (at the run's start) | offset:N (inclusive) | timestamp:MS (exclusive). */
export const replayFrom = z.string().regex(/^(earliest|offset:\d{1,18}|timestamp:\d{1,15})$/, 'use earliest, offset:N or timestamp:MS');
export const replayTo = z.string().regex(/^(latest|offset:\d{1,18}|timestamp:\d{1,15})$/, 'use latest, offset:N or timestamp:MS');

/** One message in Riffle's JSON export (lib/messages/export.ts): text, or `base64:…` for other bytes. */
export const exportedMessage = z
  .object({
    topic: z.string().optional(),
    partition: z.number().int().nonnegative().optional(),
    offset: z.number().int().nonnegative().optional(),
    timestamp: z.string().optional(),
    key: z.string().nullable(),
    value: z.string().nullable(),
    headers: z.array(z.object({ key: z.string(), value: z.string().nullable() })).max(1000).default([]),
  })
  .strict();
export type ExportedMessage = z.infer<typeof exportedMessage>;

export const replaySelection = z.discriminatedUnion('kind', [
  /** Messages picked one by one (checkboxes in browse). */
  z
    .object({
      kind: z.literal('messages'),
      topic: topicName,
      messages: z.array(z.object({ partition: z.number().int().nonnegative(), offset: z.number().int().nonnegative() })).min(1).max(10_000),
    })
    .strict(),
  /** Every message of an offset or time range matching the filter (a whole topic: earliest to latest, no filter). */
  z
    .object({
      kind: z.literal('range'),
      topic: topicName,
      partitions: z.array(z.number().int().nonnegative()).max(10_000).optional(),
      from: replayFrom.default('earliest'),
      to: replayTo.default('latest'),
      filter: replayFilter.optional(),
    })
    .strict(),
  /** The messages of a file in Riffle's JSON export format. */
  z.object({ kind: z.literal('import'), messages: z.array(exportedMessage).min(1).max(MAX_IMPORT_MESSAGES) }).strict(),
]);
export type ReplaySelection = z.infer<typeof replaySelection>;

export const replayInput = z
  .object({
    selection: replaySelection,
    target: z
      .object({
        topic: topicName,
        /** Keep each message's partition (refused per message if the target has fewer); else by key as the Java client does, round-robin without one. */
        keepPartition: z.boolean().default(false),
      })
      .strict(),
    /** Count what would be sent, send nothing. */
    dryRun: z.boolean().default(false),
    /** Messages per second; absent: as fast as the cluster takes them. */
    ratePerSecond: z.number().int().min(1).max(100_000).optional(),
    /** Stop after this many selected messages. */
    maxMessages: z.number().int().min(1).max(MAX_REPLAY_MESSAGES).default(100_000),
  })
  .strict();
export type ReplayInput = z.input<typeof replayInput>;
export type ReplayInputParsed = z.infer<typeof replayInput>;

export const replayState = z.enum(['running', 'done', 'cancelled', 'failed']);
export type ReplayState = z.infer<typeof replayState>;

export const replayRun = z.object({
  id: z.string(),
  state: replayState,
  dryRun: z.boolean(),
  /** In words: what was selected, and where it goes. */
  selection: z.string(),
  target: z.string(),
  startedBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Messages read from the source (range: scanned; messages/import: looked up). */
  scanned: z.number(),
  /** Selected (passed the filter); in a dry run, what would be sent. */
  matched: z.number(),
  sent: z.number(),
  skipped: z.number(),
  failed: z.number(),
  /** Why messages were skipped or failed, with counts. */
  reasons: z.array(z.object({ outcome: z.enum(['skipped', 'failed']), reason: z.string(), count: z.number() })),
  /** Messages the selection holds at most (known up front for messages, import and ranges); for the progress bar. */
  total: z.number().nullable(),
  ratePerSecond: z.number().nullable(),
  error: z.string().nullable(),
});
export type ReplayRun = z.infer<typeof replayRun>;

export const replayRunList = z.object({ runs: z.array(replayRun) });
export const replayId = z.object({ id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'a replay run id') });
