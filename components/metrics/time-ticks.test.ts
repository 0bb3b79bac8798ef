import { describe, expect, it } from 'vitest';
import { tickLabel, timeTicks } from './time-ticks';

describe('timeTicks', () => {
  it('gives a few round times inside the span', () => {
    const from = Date.UTC(2026, 11, 5, 11, 0, 7);
    const to = from + 15 * 60_000;
    const ticks = timeTicks(from, to);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(ticks.every((t) => t >= from && t <= to)).toBe(true);
    expect(ticks.every((t) => t % 60_000 === 0)).toBe(true);
    const gaps = new Set(ticks.slice(1).map((t, i) => t - ticks[i]!));
    expect(gaps.size).toBe(1);
  });

  it('stays a handful of ticks from a minute to a day', () => {
    for (const span of [60_000, 3_600_000, 6 * 3_600_000, 24 * 3_600_000]) {
      const n = timeTicks(0, span).length;
      expect(n, String(span)).toBeGreaterThanOrEqual(2);
      expect(n, String(span)).toBeLessThanOrEqual(6);
    }
  });

  it('has nothing to say about an empty or backwards span', () => {
    expect(timeTicks(5, 5)).toEqual([5]);
    expect(timeTicks(10, 5)).toEqual([]);
    expect(timeTicks(Number.NaN, 5)).toEqual([]);
  });

  it('labels with seconds only when asked', () => {
    const t = Date.UTC(2026, 11, 5, 11, 2, 30);
    expect(tickLabel(t, true)).toMatch(/^\d\d:\d\d:30$/);
    expect(tickLabel(t, false)).toMatch(/^\d\d:\d\d$/);
  });
});
