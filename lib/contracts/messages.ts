import { z } from 'zod';
import { produceSchemaRef, wireSchema } from './schemas';

/**
 * Messages: produce, browse and live tail. Offsets are JSON numbers (Kafka offsets are int64,
 * but a partition would need 2^53 records before that matters).
 */

/**
 * Raw bytes as they travel to the browser: the text when the bytes are valid UTF-8 (its UTF-8
 * encoding is exactly the bytes), otherwise base64. Never both: that would double every event.
 */
export const wireBytes = z.object({
  /** Set only when `text` is null. */
  b64: z.string().optional(),
  /** null when the bytes are not valid UTF-8: the view then shows them as bytes. */
  text: z.string().nullable(),
  size: z.number().int().nonnegative(),
  /**
   * Set when the bytes are framed for a schema registry (issue 16): decoded, `text` is the value
   * as JSON and `size` the framed bytes' size; not decodable, the raw bytes with `schema.error`.
   */
  schema: wireSchema.optional(),
});
export type WireBytes = z.infer<typeof wireBytes>;

export const wireHeader = z.object({ key: z.string(), value: wireBytes.nullable() });

export const wireMessage = z.object({
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  /** Milliseconds since the epoch (CreateTime or LogAppendTime). */
  timestamp: z.number(),
  key: wireBytes.nullable(),
  value: wireBytes.nullable(),
  headers: z.array(wireHeader),
});
export type WireMessage = z.infer<typeof wireMessage>;

// ---------------------------------------------------------------- produce

export const valueEncoding = z.enum(['text', 'json', 'base64']);
export type ValueEncoding = z.infer<typeof valueEncoding>;

export const MAX_PRODUCE_COPIES = 1000;

/** How a produced batch is compressed (zstd since Node 24, which has a zstd compressor). */
export const produceCompression = z.enum(['none', 'gzip', 'snappy', 'lz4', 'zstd']);
export type ProduceCompression = z.infer<typeof produceCompression>;

export const produceInput = z.object({
  key: z.string().max(65_536).nullable().default(null),
  value: z.string().nullable().default(''),
  encoding: valueEncoding.default('text'),
  headers: z.array(z.object({ key: z.string().min(1, 'header name is empty').max(1024), value: z.string().max(65_536) })).max(100).default([]),
  /** A partition number, or null to choose by key (murmur2, as the Java client) or round-robin without a key. */
  partition: z.number().int().nonnegative().nullable().default(null),
  copies: z.number().int().min(1).max(MAX_PRODUCE_COPIES).default(1),
  compression: produceCompression.default('none'),
  /**
   * Produce with a schema (issue 16): `value` (and `key` with keySchema) is JSON typed by the
   * user, validated against the subject's version and sent in the registry's framed encoding.
   */
  valueSchema: produceSchemaRef.nullable().default(null),
  keySchema: produceSchemaRef.nullable().default(null),
  /** Validate and frame, but send nothing: the form's preview before sending. */
  dryRun: z.boolean().default(false),
});
export type ProduceInput = z.input<typeof produceInput>;

export const produceResult = z.object({
  topic: z.string(),
  /** Schemas the key and value were framed with (produce with a schema). */
  schemas: z.object({ key: z.object({ id: z.number().int(), version: z.number().int(), format: z.string() }).nullable(), value: z.object({ id: z.number().int(), version: z.number().int(), format: z.string() }).nullable() }).optional(),
  dryRun: z.boolean().optional(),
  count: z.number().int(),
  /** Where the first copy landed. */
  partition: z.number().int(),
  offset: z.number().int(),
  records: z.array(z.object({ partition: z.number().int(), offset: z.number().int() })),
});
export type ProduceResult = z.infer<typeof produceResult>;

// ---------------------------------------------------------------- browse

/** earliest | latest | offset:N | timestamp:MS */
export const fromSpec = z
  .string()
  .regex(/^(earliest|latest|offset:\d{1,18}|timestamp:\d{1,15})$/, 'use earliest, latest, offset:N or timestamp:MS');
export type FromSpec = z.infer<typeof fromSpec>;

export const sortOrder = z.enum(['offset', 'timestamp']);

const optionalString = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s === '' ? undefined : s));

export const browseQuery = z.object({
  partition: z.coerce.number().int().nonnegative().optional(),
  from: fromSpec.default('latest'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  sort: sortOrder.default('timestamp'),
  /** Opaque cursor from a previous page (nextCursor / prevCursor). */
  cursor: optionalString,
  /** Find by key: exact key, only its partition is scanned. */
  key: optionalString,
  keyContains: optionalString,
  valueContains: optionalString,
  headerContains: optionalString,
  /** A JSON-path comparison, e.g. `$.temperature > 30`; parsed into data, never evaluated as code. */
  where: optionalString,
  /** Scan limits (messages read, milliseconds). */
  maxScan: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
  maxMs: z.coerce.number().int().min(100).max(30_000).default(8_000),
});
export type BrowseQuery = z.input<typeof browseQuery>;

export const stopReason = z.enum(['scan-limit', 'time-limit']);

export const browseResult = z.object({
  topic: z.string(),
  messages: z.array(wireMessage),
  /** Cursor for the page after this one (null at the end of what exists now). */
  nextCursor: z.string().nullable(),
  /** Cursor for the page before this one (null at the beginning of the log). */
  prevCursor: z.string().nullable(),
  partitions: z.array(z.object({ partition: z.number().int(), low: z.number().int(), high: z.number().int() })),
  /** Find by key: the partition the key hashes to. */
  keyPartition: z.number().int().nullable(),
  scan: z.object({
    scanned: z.number().int(),
    matched: z.number().int(),
    elapsedMs: z.number(),
    /** Set when the search stopped before filling the page or reaching the end: the page is not the whole answer. */
    stoppedEarly: stopReason.nullable(),
    /** True when every partition was read to the end (forward) or beginning (backward). */
    exhausted: z.boolean(),
  }),
});
export type BrowseResult = z.infer<typeof browseResult>;

// ---------------------------------------------------------------- live tail

/** latest | earliest | tail:N (the last N of each partition) | timestamp:MS */
export const liveFrom = z.string().regex(/^(earliest|latest|tail:\d{1,6}|timestamp:\d{1,15})$/, 'use latest, earliest, tail:N or timestamp:MS');

export const liveQuery = z.object({
  from: liveFrom.default('latest'),
  /** A resume token (the id of the last event seen); Last-Event-ID takes precedence. */
  resume: optionalString,
  keyContains: optionalString,
  valueContains: optionalString,
  headerContains: optionalString,
  where: optionalString,
});

/** `event: messages` data: see live-batch.ts (a compact form of `WireMessage`s). */
/** `event: ready` data: where each partition starts. */
export const liveReady = z.object({ topics: z.array(z.object({ topic: z.string(), partitions: z.number().int() })) });
/** `event: dropped` data: events the server discarded because this client fell behind. */
export const liveDropped = z.object({ count: z.number().int() });
/** `event: failure` data: the stream is ending because of this. */
export const liveFailure = z.object({ code: z.string(), message: z.string() });

// ---------------------------------------------------------------- search (a whole-topic scan)

/**
 * GET …/topics/{topic}/search: scans the topic (or one partition) from its earliest offset to
 * the end it had when the search started, streaming NDJSON events (searchEvent): progress
 * several times a second, matches as they are found, then `done`. Closing the request cancels.
 */
export const searchQueryShape = z.object({
    partition: z.coerce.number().int().nonnegative().optional(),
    keyContains: optionalString,
    valueContains: optionalString,
    headerContains: optionalString,
    /** A JSON-path comparison, e.g. `$.temperature > 30`; parsed into data, never evaluated as code. */
    where: optionalString,
    /** Matches sent (the scan goes on counting the rest unless `stopAtLimit`). */
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    stopAtLimit: z
      .enum(['true', 'false'])
      .optional()
      .transform((s) => s === 'true'),
    /** Wall-clock bound of one search, seconds. */
    maxSeconds: z.coerce.number().int().min(1).max(3600).default(900),
  });
export const searchQuery = searchQueryShape.refine((q) => q.keyContains || q.valueContains || q.headerContains || q.where, {
    message: 'give at least one condition: keyContains, valueContains, headerContains or where',
    path: ['valueContains'],
  });
export type SearchQuery = z.input<typeof searchQuery>;

const searchCounts = z.object({
  /** Messages read so far. */
  scanned: z.number().int(),
  matched: z.number().int(),
  /** Record bytes read so far (keys, values, headers and framing as fetched). */
  bytes: z.number(),
  /** Values a JSON-path condition could not parse as JSON: skipped (not matches); absent when none. */
  notJson: z.number().int().optional(),
  elapsedMs: z.number(),
});

export const searchEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('started'),
    /** Messages in range (high − low of every partition scanned). */
    total: z.number().int(),
    partitions: z.array(z.object({ partition: z.number().int(), low: z.number().int(), high: z.number().int() })),
  }),
  searchCounts.extend({ type: z.literal('progress') }),
  z.object({ type: z.literal('matches'), messages: z.array(wireMessage) }),
  searchCounts.extend({
    type: z.literal('done'),
    /** end: every partition read to the end it had at the start; limit: stopAtLimit reached; time-limit: maxSeconds passed. */
    reason: z.enum(['end', 'limit', 'time-limit']),
  }),
  z.object({ type: z.literal('failure'), code: z.string(), message: z.string() }),
]);
export type SearchEvent = z.infer<typeof searchEvent>;
