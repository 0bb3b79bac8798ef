import { describe, expect, it } from 'vitest';
import { fmt, percentile, ratio, summarize } from './stats';

describe('percentile', () => {
  it('interpolates between ranks', () => {
    const s = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(s, 50)).toBe(5.5);
    expect(percentile(s, 0)).toBe(1);
    expect(percentile(s, 100)).toBe(10);
    expect(percentile(s, 95)).toBeCloseTo(9.55, 10);
  });
  it('is NaN for no samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize', () => {
  it('computes median, p95, p99, mean and sample stdev regardless of order', () => {
    const s = summarize([5, 1, 3, 2, 4]);
    expect(s).toMatchObject({ count: 5, min: 1, max: 5, mean: 3, median: 3 });
    expect(s.stdev).toBeCloseTo(Math.sqrt(2.5), 10);
    expect(s.p99).toBeCloseTo(4.96, 10);
  });
  it('drops non-finite samples (failed runs) instead of poisoning the result', () => {
    expect(summarize([1, Number.NaN, 3, Infinity]).count).toBe(2);
    expect(summarize([]).median).toBeNaN();
  });
});

describe('ratio and fmt', () => {
  it('divides subject by baseline and refuses a zero baseline', () => {
    expect(ratio(80, 100)).toBe(0.8);
    expect(ratio(1, 0)).toBeNaN();
  });
  it('formats numbers for the table', () => {
    expect(fmt(1234.56)).toBe('1,235');
    expect(fmt(123.4)).toBe('123');
    expect(fmt(12.34)).toBe('12.3');
    expect(fmt(1.234)).toBe('1.23');
    expect(fmt(Number.NaN)).toBe('—');
  });
});
