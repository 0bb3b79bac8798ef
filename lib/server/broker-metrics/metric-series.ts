import 'server-only';
import { METRIC_KINDS, type MetricKind } from '@/lib/contracts/broker-metrics';
import type { StoredMetric } from './exporter-samples';

/** Counters become per-second rates over each step; gauges show their last value in the step. */
export const COUNTERS = new Set<StoredMetric>(['bytesIn', 'bytesOut', 'messagesIn', 'produceRequests', 'fetchRequests', 'isrShrinks', 'isrExpands', 'controllerEpoch']);

/** The stored metric a chart's metric reads (controller changes are the KRaft epoch's rises). */
export function storedFor(kind: MetricKind): StoredMetric {
  return kind === 'controllerChanges' ? 'controllerEpoch' : kind;
}

export function unitOf(kind: MetricKind): string {
  return METRIC_KINDS[kind].unit;
}

export interface TimedValue {
  ts: number;
  value: number;
}

/** The step of a range: about 180 points, never finer than two scrapes (else most steps hold none). */
export function stepFor(rangeMs: number, scrapeIntervalMs: number): number {
  const raw = Math.max(rangeMs / 180, 2 * scrapeIntervalMs);
  const nice = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600].map((s) => s * 1000);
  return nice.find((n) => n >= raw) ?? raw;
}

/**
 * One series on step boundaries b (multiples of the step in [from, to]). The value at b is the
 * newest sample in (b − step, b]; none there is a gap (null), never a made-up zero. A counter's
 * point at b is (C(b) − C(b − step)) / step in per-second units, so the points times the step add
 * up to exactly the counter's rise between two boundaries; a fall (a broker restarted) is a gap.
 */
export function seriesPoints(samples: TimedValue[], counter: boolean, from: number, to: number, stepMs: number): [number, number | null][] {
  const sorted = [...samples].sort((a, b) => a.ts - b.ts);
  const first = Math.ceil(from / stepMs) * stepMs;
  const at = (b: number): number | null => {
    // newest sample in (b - step, b]
    let lo = 0;
    let hi = sorted.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.ts <= b) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0 || sorted[found]!.ts <= b - stepMs) return null;
    return sorted[found]!.value;
  };
  const points: [number, number | null][] = [];
  for (let b = first; b <= to; b += stepMs) {
    const v = at(b);
    if (!counter) {
      points.push([b, v]);
      continue;
    }
    const prev = at(b - stepMs);
    points.push([b, v === null || prev === null || v < prev ? null : (v - prev) / (stepMs / 1000)]);
  }
  return points;
}

/** Point-wise sum of series on the same boundaries (a topic over its brokers); null only where all are. */
export function sumPoints(series: [number, number | null][][]): [number, number | null][] {
  if (series.length === 0) return [];
  return series[0]!.map(([t], i) => {
    let sum: number | null = null;
    for (const s of series) {
      const v = s[i]?.[1];
      if (v !== null && v !== undefined) sum = (sum ?? 0) + v;
    }
    return [t, sum];
  });
}
