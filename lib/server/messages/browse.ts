import 'server-only';
import { z } from 'zod';
import { browseQuery, type BrowseResult, type WireMessage } from '@/lib/contracts/messages';
import { buildFilter, FilterError, matches, type MessageFilter } from '@/lib/messages/filter';
import { partitionForKey } from './partition-for-key';
import { BadRequest } from '../errors';
import { browseReaderFor, type KafkaReader } from './kafka-reader';

/**
 * Browse: reads pages at explicit offsets with the low-level reader (no consumer group, no
 * commits). Forward pages read each partition from a position; backward pages ("latest", and
 * "previous page") read chunks backwards from an end. Several partitions are merged by offset or
 * timestamp; the cursor carries each partition's position so paging never skips or repeats.
 */

const cursorShape = z.object({
  d: z.enum(['f', 'b']),
  o: z.record(z.string().regex(/^\d{1,6}$/), z.number().int().nonnegative()),
});
type Cursor = z.infer<typeof cursorShape>;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(s: string): Cursor {
  try {
    return cursorShape.parse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
  } catch {
    throw new BadRequest('cursor is malformed: use nextCursor or prevCursor from a previous page', 'cursor', 'BAD_CURSOR');
  }
}

export function messageFilterView(m: WireMessage) {
  return {
    keyText: m.key ? (m.key.text ?? '') : null,
    valueText: m.value ? m.value.text : null,
    headers: m.headers.map((h) => ({ key: h.key, valueText: h.value ? h.value.text : null })),
  };
}

export function parseFilter(q: { keyContains?: string; valueContains?: string; headerContains?: string; where?: string }): MessageFilter | null {
  try {
    return buildFilter(q);
  } catch (err) {
    if (err instanceof FilterError) throw new BadRequest(`where: ${err.message}`, 'where', 'BAD_FILTER');
    throw err;
  }
}

interface ScanState {
  scanned: number;
  deadline: number;
  maxScan: number;
  stopped: 'scan-limit' | 'time-limit' | null;
}

function checkLimits(s: ScanState): boolean {
  if (s.stopped) return false;
  if (s.scanned >= s.maxScan) s.stopped = 'scan-limit';
  else if (Date.now() >= s.deadline) s.stopped = 'time-limit';
  return s.stopped === null;
}

/** Reads [from, to) of one partition, keeping matches; at most `want` from the front. */
async function readForward(reader: KafkaReader, topic: string, p: number, from: number, high: number, want: number, accept: (m: WireMessage) => boolean, s: ScanState) {
  const found: WireMessage[] = [];
  let pos = from;
  while (pos < high && found.length < want && checkLimits(s)) {
    const [batch] = await reader.fetch(topic, new Map([[p, pos]]), { maxWaitMs: 0, partitionMaxBytes: 1024 * 1024 });
    if (!batch || batch.nextOffset <= pos) break; // nothing more readable (e.g. retention moved)
    let stoppedAt: number | null = null;
    for (const m of batch.records) {
      if (m.offset >= high) break;
      if (!checkLimits(s)) {
        stoppedAt = m.offset;
        break;
      }
      s.scanned++;
      if (accept(m)) {
        found.push(m);
        if (found.length >= want) {
          stoppedAt = m.offset + 1;
          break;
        }
      }
    }
    pos = stoppedAt ?? Math.min(batch.nextOffset, high);
  }
  return { found, scannedTo: pos };
}

/** Reads backwards from `end` (exclusive) to `low`, in growing chunks; keeps the newest `want` matches. */
async function readBackward(reader: KafkaReader, topic: string, p: number, end: number, low: number, want: number, accept: (m: WireMessage) => boolean, s: ScanState) {
  let found: WireMessage[] = [];
  let hasMore = false; // matches older than the `want` kept
  let chunk = Math.max(want, 50);
  let to = end;
  while (to > low && found.length < want && checkLimits(s)) {
    const from = Math.max(low, to - chunk);
    const inChunk: WireMessage[] = [];
    let pos = from;
    while (pos < to && checkLimits(s)) {
      const [batch] = await reader.fetch(topic, new Map([[p, pos]]), { maxWaitMs: 0, partitionMaxBytes: 1024 * 1024 });
      if (!batch || batch.nextOffset <= pos) break;
      let stoppedAt: number | null = null;
      for (const m of batch.records) {
        if (m.offset >= to) break;
        if (!checkLimits(s)) {
          stoppedAt = m.offset;
          break;
        }
        s.scanned++;
        if (accept(m)) inChunk.push(m);
      }
      pos = stoppedAt ?? Math.min(batch.nextOffset, to);
      if (stoppedAt !== null) break;
    }
    if (pos < to) {
      // stopped inside the chunk: its newer part is unread, so none of it counts (no holes)
      return { found, scannedFrom: to, complete: false, hasMore };
    }
    found = [...inChunk, ...found];
    if (found.length > want) {
      hasMore = true;
      found = found.slice(-want);
    }
    to = from;
    chunk = Math.min(chunk * 2, 100_000);
  }
  return { found, scannedFrom: to, complete: true, hasMore };
}

/** `mask` (from wireMasker) is applied before filters, so a filter can't probe masked content. */
export async function browseMessages(
  clusterId: string,
  topic: string,
  raw: Record<string, string>,
  mask: (m: WireMessage) => WireMessage = (m) => m,
): Promise<BrowseResult> {
  const q = browseQuery.parse(raw);
  const started = Date.now();
  const reader = browseReaderFor(clusterId);
  const layout = await reader.layout(topic);
  const partitionCount = layout.leaders.size;
  const filter = parseFilter(q);

  let keyPartition: number | null = null;
  let partitions = [...layout.leaders.keys()].sort((a, b) => a - b);
  if (q.partition !== undefined) {
    if (!layout.leaders.has(q.partition)) throw new BadRequest(`topic "${topic}" has no partition ${q.partition} (it has ${partitionCount})`, 'partition', 'UNKNOWN_PARTITION');
    partitions = [q.partition];
  }
  if (q.key !== undefined) {
    keyPartition = partitionForKey(Buffer.from(q.key, 'utf8'), partitionCount);
    if (q.partition !== undefined && q.partition !== keyPartition) {
      throw new BadRequest(`key "${q.key}" hashes to partition ${keyPartition}, not ${q.partition}`, 'partition', 'KEY_PARTITION_MISMATCH');
    }
    partitions = [keyPartition];
  }

  const [lows, highs] = await Promise.all([reader.offsets(topic, partitions, 'earliest'), reader.offsets(topic, partitions, 'latest')]);
  const low = (p: number) => lows.get(p) ?? 0;
  const high = (p: number) => highs.get(p) ?? 0;

  let direction: 'f' | 'b';
  let start = new Map<number, number>();
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    direction = c.d;
    for (const [ps, o] of Object.entries(c.o)) {
      const p = Number(ps);
      if (partitions.includes(p)) start.set(p, Math.min(Math.max(o, low(p)), high(p)));
    }
    if (start.size === 0) throw new BadRequest('cursor does not match the chosen partitions', 'cursor', 'BAD_CURSOR');
  } else if (q.from === 'earliest') {
    direction = 'f';
    for (const p of partitions) start.set(p, low(p));
  } else if (q.from === 'latest') {
    direction = 'b';
    for (const p of partitions) start.set(p, high(p));
  } else if (q.from.startsWith('offset:')) {
    direction = 'f';
    const n = Number(q.from.slice(7));
    const inRange = partitions.filter((p) => n >= low(p) && n <= high(p));
    if (partitions.length === 1 && inRange.length === 0) {
      const p = partitions[0]!;
      throw new BadRequest(`offset ${n} is out of range: partition ${p} holds offsets ${low(p)} to ${Math.max(low(p), high(p) - 1)} (next is ${high(p)})`, 'from', 'OFFSET_OUT_OF_RANGE');
    }
    if (partitions.every((p) => n > high(p))) throw new BadRequest(`offset ${n} is past the end of every partition`, 'from', 'OFFSET_OUT_OF_RANGE');
    for (const p of partitions) start.set(p, Math.min(Math.max(n, low(p)), high(p)));
  } else {
    direction = 'f';
    start = await reader.offsets(topic, partitions, Number(q.from.slice(10)));
  }

  const accept = (raw: WireMessage) => {
    const m = mask(raw);
    if (q.key !== undefined && (m.key?.text ?? null) !== q.key) return false;
    return filter ? matches(messageFilterView(m), filter) : true;
  };
  const s: ScanState = { scanned: 0, deadline: started + q.maxMs, maxScan: q.maxScan, stopped: null };
  const sortKey = (m: WireMessage) => (q.sort === 'timestamp' ? m.timestamp : m.offset);
  const asc = (a: WireMessage, b: WireMessage) => sortKey(a) - sortKey(b) || a.partition - b.partition || a.offset - b.offset;

  let page: WireMessage[];
  const next = new Map<number, number>();
  const prev = new Map<number, number>();
  let exhausted = true;
  let matched = 0;

  if (direction === 'f') {
    const reads = await Promise.all([...start].map(async ([p, from]) => ({ p, from, ...(await readForward(reader, topic, p, from, high(p), q.limit, accept, s)) })));
    const all = reads.flatMap((r) => r.found).sort(asc);
    matched = all.length;
    page = all.slice(0, q.limit);
    const taken = new Set(page);
    for (const r of reads) {
      const untaken = r.found.find((m) => !taken.has(m));
      const mine = page.filter((m) => m.partition === r.p);
      next.set(r.p, untaken ? untaken.offset : r.scannedTo);
      prev.set(r.p, mine[0]?.offset ?? r.from);
      if (r.scannedTo < high(r.p) || untaken) exhausted = false;
    }
  } else {
    const reads = await Promise.all([...start].map(async ([p, end]) => ({ p, end, ...(await readBackward(reader, topic, p, end, low(p), q.limit, accept, s)) })));
    const all = reads.flatMap((r) => r.found).sort(asc);
    matched = all.length;
    page = all.slice(-q.limit);
    const taken = new Set(page);
    for (const r of reads) {
      const untaken = r.found.filter((m) => !taken.has(m));
      const mine = page.filter((m) => m.partition === r.p);
      prev.set(r.p, untaken.length ? untaken[untaken.length - 1]!.offset + 1 : mine[0]?.offset ?? r.scannedFrom);
      next.set(r.p, mine.length ? mine[mine.length - 1]!.offset + 1 : r.end);
      if (r.scannedFrom > low(r.p) || untaken.length || r.hasMore) exhausted = false;
    }
  }

  // exhausted: every partition was read to the end of the direction; nothing more lies that way
  const anyAfter = !(direction === 'f' && exhausted) && [...next].some(([p, o]) => o < high(p));
  const anyBefore = !(direction === 'b' && exhausted) && [...prev].some(([p, o]) => o > low(p));
  const obj = (m: Map<number, number>) => Object.fromEntries([...m].map(([p, o]) => [String(p), o]));
  return {
    topic,
    messages: page.map(mask),
    nextCursor: anyAfter ? encodeCursor({ d: 'f', o: obj(next) }) : null,
    prevCursor: anyBefore ? encodeCursor({ d: 'b', o: obj(prev) }) : null,
    partitions: partitions.map((p) => ({ partition: p, low: low(p), high: high(p) })),
    keyPartition,
    scan: {
      scanned: s.scanned,
      matched,
      elapsedMs: Date.now() - started,
      stoppedEarly: page.length < q.limit && !exhausted ? s.stopped : null,
      exhausted,
    },
  };
}
