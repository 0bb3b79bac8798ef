import 'server-only';
import type { WireBytes, WireMessage } from '@/lib/contracts/messages';
import type { ExportedMessage, ReplaySelection } from '@/lib/contracts/replays';
import { matches, type MessageFilter } from '@/lib/messages/filter';
import { BadRequest } from '../errors';
import { messageFilterView, parseFilter } from '../messages/browse';
import type { KafkaReader } from '../messages/kafka-reader';

/** One message to copy: its bytes, where it came from, or why it can't be copied. */
export interface SourceMessage {
  source: string;
  partition: number | null;
  timestamp: number | null;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
}

export type Picked = { ok: true; m: SourceMessage } | { ok: false; reason: string };

export interface SelectionProgress {
  scanned: number;
  /** How many messages the selection spans at most, when known. */
  total: number | null;
}

const bytesOf = (b: WireBytes | null): Buffer | null => (b === null ? null : b.text !== null ? Buffer.from(b.text, 'utf8') : Buffer.from(b.b64 ?? '', 'base64'));

function fromWire(m: WireMessage): SourceMessage {
  return {
    source: `${m.topic}/${m.partition}/${m.offset}`,
    partition: m.partition,
    timestamp: m.timestamp,
    key: bytesOf(m.key),
    value: bytesOf(m.value),
    headers: m.headers.map((h) => ({ key: h.key, value: bytesOf(h.value) })),
  };
}

/** The export's string form back to bytes: `base64:…` was bytes that are not UTF-8, anything else is text. */
export function importBytes(s: string | null): Buffer | null {
  if (s === null) return null;
  return s.startsWith('base64:') ? Buffer.from(s.slice(7), 'base64') : Buffer.from(s, 'utf8');
}

function fromExport(m: ExportedMessage, i: number): SourceMessage {
  const ts = m.timestamp ? Date.parse(m.timestamp) : NaN;
  return {
    source: `import:${m.topic ?? '?'}/${m.partition ?? '?'}/${m.offset ?? i}`,
    partition: m.partition ?? null,
    timestamp: Number.isFinite(ts) ? ts : null,
    key: importBytes(m.key),
    value: importBytes(m.value),
    headers: m.headers.map((h) => ({ key: h.key, value: importBytes(h.value) })),
  };
}

export function filterOf(sel: ReplaySelection): MessageFilter | null {
  return sel.kind === 'range' && sel.filter ? parseFilter(sel.filter) : null;
}

async function startOffsets(reader: KafkaReader, topic: string, partitions: number[], spec: string): Promise<Map<number, number>> {
  const low = await reader.offsets(topic, partitions, 'earliest');
  if (spec === 'earliest') return low;
  if (spec.startsWith('offset:')) {
    const n = Number(spec.slice(7));
    return new Map(partitions.map((p) => [p, Math.max(low.get(p)!, n)]));
  }
  return reader.offsets(topic, partitions, Number(spec.slice(10)));
}

async function endOffsets(reader: KafkaReader, topic: string, partitions: number[], spec: string): Promise<Map<number, number>> {
  const high = await reader.offsets(topic, partitions, 'latest');
  if (spec === 'latest') return high;
  if (spec.startsWith('offset:')) {
    const n = Number(spec.slice(7)) + 1; // inclusive
    return new Map(partitions.map((p) => [p, Math.min(high.get(p)!, n)]));
  }
  const at = await reader.offsets(topic, partitions, Number(spec.slice(10)));
  return new Map(partitions.map((p) => [p, Math.min(high.get(p)!, at.get(p)!)]));
}

/**
 * Walks the selection, yielding each selected message (or why one can't be). Ranges end where
 * the log ended when the run started, so replaying a topic into itself never chases its own copies.
 * `mask` is the caller's masking, applied before the filter as browse does.
 */
export async function* selectMessages(
  reader: KafkaReader,
  sel: ReplaySelection,
  progress: SelectionProgress,
  mask: (m: WireMessage) => WireMessage,
  signal: AbortSignal,
): AsyncGenerator<Picked> {
  if (sel.kind === 'import') {
    progress.total = sel.messages.length;
    for (const [i, m] of sel.messages.entries()) {
      if (signal.aborted) return;
      progress.scanned++;
      yield { ok: true, m: fromExport(m, i) };
    }
    return;
  }
  const { leaders } = await reader.layout(sel.topic);
  if (sel.kind === 'messages') {
    progress.total = sel.messages.length;
    const byPartition = new Map<number, Set<number>>();
    for (const m of sel.messages) {
      if (!leaders.has(m.partition)) throw new BadRequest(`topic "${sel.topic}" has no partition ${m.partition}`, 'selection.messages');
      let set = byPartition.get(m.partition);
      if (!set) byPartition.set(m.partition, (set = new Set()));
      set.add(m.offset);
    }
    for (const [p, set] of [...byPartition].sort((a, b) => a[0] - b[0])) {
      const wanted = [...set].sort((a, b) => a - b);
      const [low, high] = await Promise.all([reader.offsets(sel.topic, [p], 'earliest'), reader.offsets(sel.topic, [p], 'latest')]);
      let i = 0;
      while (i < wanted.length) {
        if (signal.aborted) return;
        const off = wanted[i]!;
        if (off < low.get(p)! || off >= high.get(p)!) {
          progress.scanned++;
          yield { ok: false, reason: off < low.get(p)! ? 'no longer in the log (deleted by retention or purge)' : 'beyond the end of the log' };
          i++;
          continue;
        }
        const [batch] = await reader.fetch(sel.topic, new Map([[p, off]]), { maxWaitMs: 0, partitionMaxBytes: 1024 * 1024 });
        const got = new Map((batch?.records ?? []).map((m) => [m.offset, m]));
        const reached = batch?.nextOffset ?? off;
        // Every wanted offset this batch covers: found, or gone (compacted away, a transaction marker).
        let progressed = false;
        while (i < wanted.length && wanted[i]! < Math.max(reached, off + 1)) {
          const m = got.get(wanted[i]!);
          progress.scanned++;
          progressed = true;
          yield m ? { ok: true, m: fromWire(m) } : { ok: false, reason: 'not in the log (compacted away, or a transaction marker)' };
          i++;
        }
        if (!progressed) i++;
      }
    }
    return;
  }
  // range
  const partitions = sel.partitions ?? [...leaders.keys()].sort((a, b) => a - b);
  for (const p of partitions) if (!leaders.has(p)) throw new BadRequest(`topic "${sel.topic}" has no partition ${p}`, 'selection.partitions');
  const filter = filterOf(sel);
  const [start, end] = await Promise.all([startOffsets(reader, sel.topic, partitions, sel.from), endOffsets(reader, sel.topic, partitions, sel.to)]);
  progress.total = partitions.reduce((n, p) => n + Math.max(0, end.get(p)! - start.get(p)!), 0);
  for (const p of partitions) {
    let pos = start.get(p)!;
    const stop = end.get(p)!;
    while (pos < stop) {
      if (signal.aborted) return;
      const [batch] = await reader.fetch(sel.topic, new Map([[p, pos]]), { maxWaitMs: 0, partitionMaxBytes: 1024 * 1024 });
      if (!batch || batch.nextOffset <= pos) break;
      for (const m of batch.records) {
        if (m.offset >= stop) break;
        progress.scanned++;
        if (!filter || matches(messageFilterView(mask(m)), filter)) yield { ok: true, m: fromWire(m) };
      }
      pos = Math.min(batch.nextOffset, stop);
    }
  }
}
