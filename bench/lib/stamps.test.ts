import { describe, expect, it } from 'vitest';
import { dueNow, frameIntervals, latencies, leadingCount, parseStamp, stampValue, tasksBetween } from './stamps';

describe('stamps', () => {
  it('round-trips a stamped value, with sub-millisecond precision', () => {
    expect(parseStamp(stampValue(42, 1764087000123.4567))).toEqual({ n: 42, ts: 1764087000123.457 });
  });
  it('finds the stamp inside a rendered row and ignores text without one', () => {
    const row = '16:10:01.123bench-lat2:1041null{"n":7,"ts":1764087000001.5}';
    expect(parseStamp(row)).toEqual({ n: 7, ts: 1764087000001.5 });
    expect(parseStamp('{"n":"x","ts":1}')).toBeNull();
    expect(parseStamp(null)).toBeNull();
    expect(parseStamp('')).toBeNull();
  });
});

describe('dueNow', () => {
  it('sends what the rate owes by now, never a negative count', () => {
    expect(dueNow(1000, 0, 0)).toBe(0);
    expect(dueNow(1000, 12.7, 0)).toBe(12);
    expect(dueNow(1000, 12.7, 10)).toBe(2);
    expect(dueNow(5000, 1000, 5000)).toBe(0);
    expect(dueNow(1000, 10, 50)).toBe(0);
  });
  it('adds up to rate × seconds over a run, whatever the ticks', () => {
    let sent = 0;
    for (let t = 0; t < 2000; t += 7.3) sent += dueNow(1000, t, sent);
    sent += dueNow(1000, 2000, sent);
    expect(sent).toBe(2000);
  });
});

describe('latencies', () => {
  it('keeps the first sighting of each message and leaves out the warm-up', () => {
    const { samples, seen } = latencies(
      [
        [0, 50],
        [1, 10],
        [2, 12],
        [1, 99],
        [3, 8],
      ],
      1,
    );
    expect(seen).toBe(4);
    expect(samples.sort((a, b) => a - b)).toEqual([8, 10, 12]);
  });
});

describe('long tasks and frames', () => {
  it('selects tasks that started inside a phase', () => {
    const tasks = [
      { startTime: 5, duration: 60 },
      { startTime: 10, duration: 70 },
      { startTime: 19.9, duration: 55 },
      { startTime: 20, duration: 80 },
    ];
    expect(tasksBetween(tasks, 10, 20).map((t) => t.duration)).toEqual([70, 55]);
  });
  it('turns frame times into intervals', () => {
    expect(frameIntervals([100, 116, 132, 200])).toEqual([16, 16, 68]);
    expect(frameIntervals([1])).toEqual([]);
  });
  it('reads the count the page shows', () => {
    expect(leadingCount('10,000 of at most 10,000 messages kept')).toBe(10000);
    expect(leadingCount('1,234 dropped by the server: this browser fell behind')).toBe(1234);
    expect(leadingCount('none')).toBeNaN();
  });
});
