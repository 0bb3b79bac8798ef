// Pure lag judgement in the spirit of LinkedIn Burrow's evaluation rules: no I/O, no clock.
// Given a sliding window of samples of one partition (oldest first), say how the consumer is
// doing and why, in words an operator can act on.
import type { LagStatus } from '@/lib/contracts/groups';

export interface LagSample {
  /** Sample time, ms since the epoch. */
  ts: number;
  /** The group's committed offset; null when it has none for this partition. */
  committed: number | null;
  /** Log end offset (high watermark) at the same time. */
  end: number;
}

export interface EvalOptions {
  /** A full window: an offset unchanged for this many samples means the consumer stopped; for half as many, stalled. */
  windowSize: number;
  /** Fewer samples than this and there is not enough history to judge. */
  minSamples: number;
}

export const defaultEvalOptions: EvalOptions = { windowSize: 10, minSamples: 3 };

export interface PartitionVerdict {
  status: LagStatus;
  reason: string;
  lag: number | null;
  /** When the committed offset last moved inside the window; null if it didn't move in the window. */
  lastMovedAt: number | null;
  /** Messages per second over the window; null without two samples. */
  consumeRate: number | null;
  produceRate: number | null;
  /** Seconds to catch up at these rates; null when not catching up (or no lag data). */
  catchUpSeconds: number | null;
}

// Worst last. UNKNOWN ranks below OK: a partition we cannot judge yet must not hide a real problem.
const severity: Record<LagStatus, number> = { UNKNOWN: 0, OK: 1, WARNING: 2, REWOUND: 3, STALLED: 4, STOPPED: 5 };

export function worstStatus(statuses: LagStatus[]): LagStatus {
  let worst: LagStatus = 'UNKNOWN';
  for (const s of statuses) if (severity[s] > severity[worst]) worst = s;
  return worst;
}

export function statusSeverity(s: LagStatus): number {
  return severity[s];
}

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
export const n = (v: number) => count.format(v);

/** "42 s", "5 min", "1 h 5 min", "2 d 3 h". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

const lagOf = (s: LagSample): number | null => (s.committed == null ? null : Math.max(0, s.end - s.committed));

function rates(first: LagSample, last: LagSample): { consume: number | null; produce: number | null } {
  const span = (last.ts - first.ts) / 1000;
  if (span <= 0) return { consume: null, produce: null };
  const produce = (last.end - first.end) / span;
  const consume = first.committed != null && last.committed != null ? (last.committed - first.committed) / span : null;
  return { consume, produce };
}

/** Seconds until lag reaches zero at the given rates; null when it never does. */
export function catchUpSeconds(lag: number | null, consume: number | null, produce: number | null): number | null {
  if (lag == null) return null;
  if (lag === 0) return 0;
  if (consume == null || produce == null) return null;
  const net = consume - produce;
  return net > 0 ? lag / net : null;
}

export function evaluatePartition(samples: LagSample[], opts: EvalOptions = defaultEvalOptions): PartitionVerdict {
  const window = samples.slice(-opts.windowSize);
  const last = window.at(-1);
  if (!last) return { status: 'UNKNOWN', reason: 'no samples yet', lag: null, lastMovedAt: null, consumeRate: null, produceRate: null, catchUpSeconds: null };
  const first = window[0]!;
  const lag = lagOf(last);
  const { consume, produce } = rates(first, last);
  const base = { lag, consumeRate: consume, produceRate: produce, catchUpSeconds: catchUpSeconds(lag, consume, produce) };

  // The trailing run of samples with the same committed offset: how long it has stood still.
  let runStart = window.length - 1;
  while (runStart > 0 && window[runStart - 1]!.committed === last.committed) runStart--;
  const lastMovedAt = runStart > 0 ? window[runStart]!.ts : null;
  const verdict = (status: LagStatus, reason: string): PartitionVerdict => ({ status, reason, lastMovedAt, ...base });

  if (last.committed == null) {
    return last.end === 0 ? verdict('OK', 'nothing to read: the partition is empty') : verdict('UNKNOWN', `no committed offset; ${n(last.end)} messages in the log`);
  }

  for (let i = 1; i < window.length; i++) {
    const a = window[i - 1]!.committed;
    const b = window[i]!.committed;
    if (a != null && b != null && b < a) {
      return verdict('REWOUND', `offset moved back from ${n(a)} to ${n(b)} ${formatDuration(last.ts - window[i]!.ts)} ago`);
    }
  }

  if (lag === 0) return verdict('OK', 'caught up: lag is 0');
  if (window.length < opts.minSamples) {
    return verdict('UNKNOWN', `lag ${n(lag!)}; judging needs ${opts.minSamples} samples, has ${window.length}`);
  }

  const firstLag = lagOf(first);
  const lagWords = firstLag == null || firstLag === lag ? `lag stayed at ${n(lag!)}` : lag! > firstLag ? `lag grew from ${n(firstLag)} to ${n(lag!)}` : `lag went from ${n(firstLag)} to ${n(lag!)}`;
  // Offsets are sampled, not commit events: a run of identical offsets across half the window
  // (at least minSamples) is a stall; across the whole window, the consumer has stopped.
  const run = window.length - runStart;
  const stallAfter = Math.max(opts.minSamples, Math.ceil(opts.windowSize / 2));
  if (run >= stallAfter) {
    const runFirst = window[runStart]!;
    const still = formatDuration(last.ts - runFirst.ts);
    if (runStart === 0 && window.length >= opts.windowSize) return verdict('STOPPED', `no commit for ${still} (the whole window) while ${lagWords}`);
    const runLag = lagOf(runFirst);
    const runWords = runLag == null || runLag === lag ? `lag stayed at ${n(lag!)}` : lag! > runLag ? `lag grew from ${n(runLag)} to ${n(lag!)}` : `lag went from ${n(runLag)} to ${n(lag!)}`;
    return verdict('STALLED', `offset unchanged for ${still} while ${runWords}`);
  }

  let growing = firstLag != null && lag! > firstLag;
  for (let i = 1; growing && i < window.length; i++) {
    const a = lagOf(window[i - 1]!);
    const b = lagOf(window[i]!);
    if (a == null || b == null || b < a) growing = false;
  }
  const advanced = last.committed - (first.committed ?? last.committed);
  if (advanced === 0) {
    return verdict('OK', `offset unchanged for ${formatDuration(last.ts - window[runStart]!.ts)} with lag ${n(lag!)}: not yet a stall (that takes ${stallAfter} samples)`);
  }
  if (growing) {
    return verdict('WARNING', `lag grew from ${n(firstLag!)} to ${n(lag!)} over ${formatDuration(last.ts - first.ts)} although the offset advanced by ${n(advanced)}`);
  }
  return verdict('OK', `consuming: offset advanced by ${n(advanced)} in ${formatDuration(last.ts - first.ts)}; lag ${n(lag!)}`);
}

export interface GroupVerdict {
  status: LagStatus;
  reason: string;
}

/** The group's status is its worst partition's, with that partition named in the reason. */
export function evaluateGroup(partitions: { topic: string; partition: number; verdict: PartitionVerdict }[]): GroupVerdict {
  if (partitions.length === 0) return { status: 'UNKNOWN', reason: 'no partitions with committed offsets' };
  let worst = partitions[0]!;
  for (const p of partitions) if (severity[p.verdict.status] > severity[worst.verdict.status]) worst = p;
  const same = partitions.filter((p) => p.verdict.status === worst.verdict.status).length;
  const others = same > 1 ? ` (and ${same - 1} more partition${same > 2 ? 's' : ''})` : '';
  if (worst.verdict.status === 'OK' && same === partitions.length) {
    return { status: 'OK', reason: `all ${partitions.length} partition${partitions.length > 1 ? 's' : ''} OK` };
  }
  return { status: worst.verdict.status, reason: `${worst.topic}-${worst.partition}: ${worst.verdict.reason}${others}` };
}
