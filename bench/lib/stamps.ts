/**
 * Produce-time stamps for latency cases, and the arithmetic on what the browser reports.
 * Each produced value is `{"n":<sequence>,"ts":<epoch ms, fractional>}`; whoever reads it
 * (the live-tail page, a bare EventSource, a raw KafkaJS consumer) subtracts `ts` from its own
 * epoch clock. Every reader runs on this machine, so the clocks are the same one.
 */

/** The stamp as a RegExp source, also handed to in-page observers (page code cannot import). */
export const STAMP_SOURCE = '"n":(\\d+),"ts":(\\d+(?:\\.\\d+)?)';
const stampPattern = new RegExp(STAMP_SOURCE);

/** Epoch milliseconds with sub-millisecond precision (what the page computes the same way). */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export function stampValue(n: number, ts: number = epochNow()): string {
  return `{"n":${n},"ts":${ts.toFixed(3)}}`;
}

/** The sequence number and produce time in a text (a value, or a rendered row), or null. */
export function parseStamp(text: string | null | undefined): { n: number; ts: number } | null {
  if (!text) return null;
  const m = stampPattern.exec(text);
  return m ? { n: Number(m[1]), ts: Number(m[2]) } : null;
}

/** Messages due by `elapsedMs` at `rate` per second, less those already sent: what to send now. */
export function dueNow(rate: number, elapsedMs: number, sent: number): number {
  return Math.max(0, Math.floor((rate * elapsedMs) / 1000) - sent);
}

/**
 * Latency samples from (sequence, latency) pairs: the first sighting of each sequence number
 * counts (a row re-rendered later is not a second arrival), and the warm-up ones (sequence
 * below `skipBelow`) are left out.
 */
export function latencies(pairs: Iterable<readonly [number, number]>, skipBelow = 0): { samples: number[]; seen: number } {
  const first = new Map<number, number>();
  for (const [n, ms] of pairs) if (!first.has(n)) first.set(n, ms);
  const samples: number[] = [];
  for (const [n, ms] of first) if (n >= skipBelow) samples.push(ms);
  return { samples, seen: first.size };
}

export interface LongTask {
  startTime: number;
  duration: number;
}

/** Long tasks that started inside [from, to) (page clock, ms). */
export function tasksBetween(tasks: LongTask[], from: number, to: number): LongTask[] {
  return tasks.filter((t) => t.startTime >= from && t.startTime < to);
}

/** Intervals between consecutive frame timestamps (rAF), in ms. */
export function frameIntervals(frames: number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < frames.length; i++) out.push(frames[i]! - frames[i - 1]!);
  return out;
}

/** "12,345 of at most 10,000 messages kept" → 12345; NaN when there is no number. */
export function leadingCount(text: string | null | undefined): number {
  const m = /^\s*([\d,.\s]+)/.exec(text ?? '');
  return m ? Number(m[1]!.replace(/[^\d]/g, '')) : Number.NaN;
}
