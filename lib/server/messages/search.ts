import 'server-only';
import { searchQuery, type SearchEvent, type WireMessage } from '@/lib/contracts/messages';
import type { MessageFilter } from '@/lib/messages/filter';
import { matches } from '@/lib/messages/filter';
import { holdStreamAndTopics } from '../auth/limits';
import type { Principal } from '../auth/principal';
import { AppError, BadRequest } from '../errors';
import { riffleMetrics, trackOpenStream } from '../observability/riffle-metrics';
import { messageFilterView, parseFilter } from './browse';
import { decodeFetched, type FetchedRecordSet } from '../kafka/fetch';
import { browseReaderFor } from './kafka-reader';
import { wireMasker } from './mask-wire';
import { recordTest } from './record-test';
import { searchPool, type SearchPool } from './search-pool';
import { wireMapper } from './wire-record';

/**
 * A whole-topic search: every partition read from its earliest offset to the end it had when the
 * search started, in parallel, a fetch at a time per partition, so memory holds one answer per
 * partition and the matches sent (at most `limit`), never the topic. NDJSON events: progress
 * several times a second, matches as found, `done` at the end. Closing the request (the browser's
 * Cancel, a closed tab) stops every loop before its next fetch.
 *
 * Each fetched record set is decoded and tested on a worker thread (search-pool.ts) when the
 * caller has no masking rule and the set is plain batches: a search then uses every core, and
 * the event loop only fetches and sends. Otherwise, on the event loop, with the same test.
 */

const PROGRESS_MS = 250;
/** Bytes per partition per fetch: big enough that a fetch's round trip is small beside decoding it. */
const PARTITION_BYTES = 4 * 1024 * 1024;
const PARALLEL = 8;
const FIRST_BYTES = 256 * 1024;

export const NDJSON_HEADERS = {
  'Content-Type': 'application/x-ndjson; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
};

interface Counts {
  scanned: number;
  matched: number;
  bytes: number;
  /** Values a JSON-path condition could not parse: skipped, never a match. */
  notJson: number;
}

/**
 * The per-record test on the event loop. With no masking rule for the caller, recordTest works on
 * the raw bytes (the same test the worker threads run); with one, the message is built, masked,
 * then tested as browse tests it.
 */
export function searchMapper(topic: string, filter: MessageFilter, mask: ((m: WireMessage) => WireMessage) | null, end: (partition: number) => number, counts: Counts) {
  const wire = wireMapper(topic);
  const test = mask ? null : recordTest(filter);
  return (partition: number, offset: number, timestamp: number, key: Buffer | null, value: Buffer | null, headers: [Buffer, Buffer | null][]): WireMessage | null => {
    if (offset >= end(partition)) return null;
    counts.scanned++;
    counts.bytes += (key?.length ?? 0) + (value?.length ?? 0);
    if (test) {
      const verdict = test(key, value, headers);
      if (verdict === 'not-json') counts.notJson++;
      if (verdict !== 'match') return null;
      counts.matched++;
      return wire(partition, offset, timestamp, key, value, headers);
    }
    let m = wire(partition, offset, timestamp, key, value, headers);
    if (mask) m = mask(m);
    if (!matches(messageFilterView(m), filter)) return null;
    counts.matched++;
    return m;
  };
}

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/**
 * One fetched record set through the search's test: on a pool thread when there is one and the
 * set is plain batches without masking, else here. The matches come back as wire messages (at
 * most `keep` of them from a thread; the rest are counted).
 */
async function testRecordSet(
  fetched: FetchedRecordSet,
  ctx: { topic: string; filter: MessageFilter; pool: SearchPool | null; signal: AbortSignal; end: number; keep: number; counts: Counts; map: ReturnType<typeof searchMapper> },
): Promise<{ nextOffset: number; records: WireMessage[] }> {
  let set = fetched;
  if (ctx.pool && set.bytes && set.bytes.length) {
    const r = await ctx.pool.run({ bytes: set.bytes, partition: set.partition, from: set.from, end: ctx.end, filter: ctx.filter, keep: ctx.keep }, ctx.signal);
    if (r.plain) {
      ctx.counts.scanned += r.scanned;
      ctx.counts.matched += r.matched;
      ctx.counts.bytes += r.bytes;
      ctx.counts.notJson += r.notJson;
      const wire = wireMapper(ctx.topic);
      const records = r.matches.map((m) => wire(set.partition, m.offset, m.timestamp, m.key && asBuffer(m.key), m.value && asBuffer(m.value), m.headers.map(([k, v]) => [asBuffer(k), v && asBuffer(v)])));
      return { nextOffset: r.nextOffset, records };
    }
    // a compressed or old-format batch: the thread sent the bytes back, decoded here
    set = { ...set, bytes: asBuffer(r.bytes) };
  }
  const got = decodeFetched(set, ctx.map);
  return { nextOffset: got.nextOffset, records: got.records.filter((m): m is WireMessage => m !== null) };
}

export async function openSearch(req: Request, clusterId: string, topic: string, principal: Principal): Promise<Response> {
  const q = searchQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  const filter = parseFilter(q)!;
  const reader = browseReaderFor(clusterId);
  const layout = await reader.layout(topic);
  let partitions = [...layout.leaders.keys()].sort((a, b) => a - b);
  if (q.partition !== undefined) {
    if (!layout.leaders.has(q.partition)) throw new BadRequest(`topic "${topic}" has no partition ${q.partition} (it has ${partitions.length})`, 'partition', 'UNKNOWN_PARTITION');
    partitions = [q.partition];
  }
  const [lows, highs] = await Promise.all([reader.offsets(topic, partitions, 'earliest'), reader.offsets(topic, partitions, 'latest')]);
  const low = (p: number) => lows.get(p) ?? 0;
  const high = (p: number) => highs.get(p) ?? 0;
  const masker = wireMasker(principal, topic);
  const probe = { topic, partition: 0, offset: 0, timestamp: 0, key: null, value: null, headers: [] } satisfies WireMessage;
  const mask = masker(probe) === probe ? null : masker;

  // A search holds one of the caller's stream slots while it runs, as a live tail does.
  const untrack = trackOpenStream('search', holdStreamAndTopics(principal, 1));
  const scannedCounter = riffleMetrics().searchScanned;
  const counts: Counts = { scanned: 0, matched: 0, bytes: 0, notJson: 0 };
  const started = Date.now();
  let stopped = false;
  let cancelled = false;
  let onCancel = () => {};
  // tells the pool to drop this search's queued jobs and the answers of those in flight
  const jobs = new AbortController();
  const stop = () => {
    stopped = true;
    cancelled = true;
    onCancel();
    jobs.abort();
  };
  req.signal.addEventListener('abort', stop, { once: true });
  const encoder = new TextEncoder();

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (e: SearchEvent) => {
        if (!open || stopped) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(e)}\n`));
        } catch {
          stop();
        }
      };
      const snapshot = () => ({ scanned: counts.scanned, matched: counts.matched, bytes: counts.bytes, ...(counts.notJson ? { notJson: counts.notJson } : {}), elapsedMs: Date.now() - started });
      send({ type: 'started', total: partitions.reduce((n, p) => n + Math.max(0, high(p) - low(p)), 0), partitions: partitions.map((p) => ({ partition: p, low: low(p), high: high(p) })) });
      send({ type: 'progress', ...snapshot() });
      let reported = 0;
      const progress = setInterval(() => {
        scannedCounter.inc(counts.scanned - reported);
        reported = counts.scanned;
        send({ type: 'progress', ...snapshot() });
      }, PROGRESS_MS);

      let sent = 0;
      let reason: 'end' | 'limit' | 'time-limit' = 'end';
      const deadline = started + q.maxSeconds * 1000;
      const test = searchMapper(topic, filter, mask, high, counts);
      // once cancelled, a fetch still in flight is dropped unread rather than decoded
      const map: typeof test = (...args) => (cancelled ? null : test(...args));
      // masked records are built and masked before the test: that stays on the event loop
      const pool = mask ? null : searchPool();
      pool?.warm();
      const pending = partitions.filter((p) => low(p) < high(p));
      const position = new Map(pending.map((p) => [p, low(p)]));

      const loop = async () => {
        while (!stopped) {
          const p = pending.shift();
          if (p === undefined) return;
          let pos = position.get(p)!;
          // The first fetch small, so progress shows within the first second; then bigger ones.
          let bytes = FIRST_BYTES;
          // ... and tested here: the pool's threads may still be loading (the first search of a process)
          let first = true;
          while (!stopped && pos < high(p)) {
            if (Date.now() >= deadline) {
              reason = 'time-limit';
              stopped = true;
              break;
            }
            const [fetched] = await reader.fetchRecordSets(topic, new Map([[p, pos]]), { maxWaitMs: 0, maxBytes: bytes, partitionMaxBytes: bytes });
            bytes = Math.min(bytes * 4, PARTITION_BYTES);
            if (!fetched || cancelled) break;
            const got = await testRecordSet(fetched, { topic, filter, pool: first ? null : pool, signal: jobs.signal, end: high(p), keep: Math.max(0, q.limit - sent), counts, map });
            first = false;
            if (got.nextOffset <= pos) break; // nothing more readable (retention moved the start)
            pos = got.nextOffset;
            if (got.records.length && sent < q.limit) {
              const some = got.records.slice(0, q.limit - sent);
              sent += some.length;
              send({ type: 'matches', messages: some });
            }
            if (q.stopAtLimit && counts.matched >= q.limit) {
              reason = 'limit';
              stopped = true;
            }
          }
        }
      };

      // Cancel ends the search at once: no loop starts another fetch, and one still in flight is
      // dropped when it lands (the gauge and the caller's stream slot are released now).
      const aborted = new Promise<void>((resolve) => (onCancel = resolve));
      if (cancelled) onCancel();
      void Promise.race([Promise.all(Array.from({ length: Math.min(PARALLEL, pending.length) }, loop)), aborted])
        .then(
          () => {
            if (cancelled) return;
            stopped = false; // let the last events out
            send({ type: 'done', reason, ...snapshot() });
          },
          (err: unknown) => {
            stopped = false;
            const e = err instanceof AppError ? err : null;
            send({ type: 'failure', code: e?.code ?? 'SEARCH_FAILED', message: e?.message ?? (err as Error).message ?? 'the search failed' });
          },
        )
        .finally(() => {
          clearInterval(progress);
          scannedCounter.inc(counts.scanned - reported);
          req.signal.removeEventListener('abort', stop);
          untrack();
          open = false;
          try {
            controller.close();
          } catch {
            // the client went away first
          }
        });
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, { headers: NDJSON_HEADERS });
}
