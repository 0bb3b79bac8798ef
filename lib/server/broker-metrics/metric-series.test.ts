import { describe, expect, it } from 'vitest';
import { seriesPoints, stepFor, sumPoints } from './metric-series';

describe('seriesPoints', () => {
  const step = 5_000;
  it('turns a counter into per-second rates whose sum times the step is the counter rise', () => {
    // scrapes every 2 s, the counter rising irregularly
    const samples = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20].map((s, i) => ({ ts: 1_000_000 + s * 1000, value: [0, 0, 100, 150, 150, 900, 900, 1000, 1000, 1000, 1000][i]! }));
    const points = seriesPoints(samples, true, 1_000_000, 1_020_000, step);
    expect(points.map(([t]) => t)).toEqual([1_000_000, 1_005_000, 1_010_000, 1_015_000, 1_020_000]);
    expect(points[0]![1]).toBeNull(); // nothing before the range's first boundary
    const total = points.reduce((s, [, v]) => s + (v ?? 0) * (step / 1000), 0);
    expect(total).toBeCloseTo(1000 - 0, 9);
  });

  it('leaves a gap where no scrape landed, and where a counter fell (broker restart)', () => {
    const samples = [
      { ts: 10_000, value: 5 },
      { ts: 15_000, value: 10 },
      // exporter down from 15 s to 30 s
      { ts: 30_000, value: 40 },
      { ts: 35_000, value: 3 },
    ];
    const points = seriesPoints(samples, true, 10_000, 35_000, step);
    expect(points).toEqual([
      [10_000, null],
      [15_000, 1],
      [20_000, null],
      [25_000, null],
      [30_000, null],
      [35_000, null],
    ]);
    const gauge = seriesPoints(samples, false, 10_000, 35_000, step);
    expect(gauge.map(([, v]) => v)).toEqual([5, 10, null, null, 40, 3]);
  });

  it('sums series point-wise, null only where every one is', () => {
    expect(sumPoints([[[1, 2], [2, null], [3, null]], [[1, 3], [2, 4], [3, null]]])).toEqual([[1, 5], [2, 4], [3, null]]);
  });

  it('never steps finer than two scrapes', () => {
    expect(stepFor(15 * 60_000, 2_000)).toBe(5_000);
    expect(stepFor(15 * 60_000, 10_000)).toBe(20_000);
    expect(stepFor(24 * 3600_000, 10_000)).toBe(600_000);
  });
});
