/** Summary statistics of benchmark samples. Percentiles use linear interpolation between ranks. */
export interface Summary {
  count: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  p95: number;
  p99: number;
  stdev: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p <= 0) return sorted[0]!;
  if (p >= 100) return sorted[sorted.length - 1]!;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function summarize(samples: number[]): Summary {
  const finite = samples.filter((s) => Number.isFinite(s));
  const sorted = [...finite].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { count: 0, min: NaN, max: NaN, mean: NaN, median: NaN, p95: NaN, p99: NaN, stdev: NaN };
  const mean = sorted.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return {
    count: n,
    min: sorted[0]!,
    max: sorted[n - 1]!,
    mean,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    stdev: Math.sqrt(variance),
  };
}

/** Ratio of two medians, "subject / baseline"; NaN when the baseline is zero or missing. */
export function ratio(subject: number, baseline: number): number {
  return baseline > 0 && Number.isFinite(subject) ? subject / baseline : Number.NaN;
}

/** Formats a number for the Markdown table: 3 significant digits, thousands separators. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  if (abs >= 1000) return Math.round(n).toLocaleString('en-US');
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  return n.toFixed(2);
}
