import { describe, expect, it } from 'vitest';
import { catchUpSeconds, evaluateGroup, evaluatePartition, formatDuration, worstStatus, type LagSample } from './lag-evaluator';

const opts = { windowSize: 10, minSamples: 3 };
const min = 60_000;
/** Samples one minute apart from (committed, end) pairs. */
const series = (pairs: [number | null, number][]): LagSample[] => pairs.map(([committed, end], i) => ({ ts: i * min, committed, end }));

describe('evaluatePartition', () => {
  it('has no opinion without samples', () => {
    expect(evaluatePartition([], opts)).toMatchObject({ status: 'UNKNOWN', reason: 'no samples yet', lag: null });
  });

  it('is OK when caught up, even with one sample', () => {
    expect(evaluatePartition(series([[100, 100]]), opts)).toMatchObject({ status: 'OK', lag: 0, catchUpSeconds: 0 });
  });

  it('waits for enough samples before judging a lagging partition', () => {
    const v = evaluatePartition(series([[10, 50], [20, 60]]), opts);
    expect(v.status).toBe('UNKNOWN');
    expect(v.reason).toBe('lag 40; judging needs 3 samples, has 2');
  });

  it('says STALLED, with numbers, when the offset stands still while lag grows', () => {
    const v = evaluatePartition(series([[1000, 1120], [1000, 2000], [1000, 3000], [1000, 4000], [1000, 4300], [1000, 5300]]).map((s, i) => ({ ...s, ts: i * min })), opts);
    expect(v.status).toBe('STALLED');
    expect(v.reason).toBe('offset unchanged for 5 min while lag grew from 120 to 4,300');
    expect(v.lastMovedAt).toBeNull();
    expect(v.catchUpSeconds).toBeNull();
  });

  it('says STALLED only once the offset stood still for half the window, measured from its last move', () => {
    const moving: [number, number][] = [[0, 100], [50, 150], [90, 200]];
    const still = (k: number) => Array.from({ length: k }, () => [90, 300] as [number, number]);
    expect(evaluatePartition(series([...moving, ...still(3)]), opts).status).not.toBe('STALLED');
    const early = evaluatePartition(series([[90, 100], [90, 120], [90, 130]]), opts);
    expect(early).toMatchObject({ status: 'OK', reason: 'offset unchanged for 2 min with lag 40: not yet a stall (that takes 5 samples)' });
    const v = evaluatePartition(series([...moving, ...still(4)]), opts); // run of 5 = half of 10
    expect(v.status).toBe('STALLED');
    expect(v.reason).toBe('offset unchanged for 4 min while lag grew from 110 to 210');
    expect(v.lastMovedAt).toBe(2 * min);
  });

  it('says STOPPED when the offset stood still for the whole window', () => {
    const v = evaluatePartition(series(Array.from({ length: 10 }, () => [500, 900] as [number, number])), opts);
    expect(v.status).toBe('STOPPED');
    expect(v.reason).toBe('no commit for 9 min (the whole window) while lag stayed at 400');
  });

  it('says WARNING when lag grows at every step although offsets advance', () => {
    const v = evaluatePartition(series([[0, 100], [50, 200], [100, 300], [150, 400]]), opts);
    expect(v.status).toBe('WARNING');
    expect(v.reason).toBe('lag grew from 100 to 250 over 3 min although the offset advanced by 150');
  });

  it('is OK while consuming with lag that does not grow steadily', () => {
    const v = evaluatePartition(series([[0, 100], [80, 200], [200, 260], [260, 300]]), opts);
    expect(v.status).toBe('OK');
    expect(v.reason).toBe('consuming: offset advanced by 260 in 3 min; lag 40');
    expect(v.lastMovedAt).toBe(3 * min);
  });

  it('says REWOUND when the committed offset goes backwards, before any other rule', () => {
    const v = evaluatePartition(series([[500, 600], [100, 600], [100, 600]]), opts);
    expect(v.status).toBe('REWOUND');
    expect(v.reason).toBe('offset moved back from 500 to 100 1 min ago');
  });

  it('separates an empty partition from one that was never read', () => {
    expect(evaluatePartition(series([[null, 0]]), opts)).toMatchObject({ status: 'OK', lag: null });
    expect(evaluatePartition(series([[null, 7]]), opts)).toMatchObject({ status: 'UNKNOWN', reason: 'no committed offset; 7 messages in the log' });
  });

  it('only looks at the last windowSize samples', () => {
    const old: [number, number][] = [[900, 900], [0, 900]]; // a rewind that has left the window
    const recent: [number, number][] = Array.from({ length: 10 }, (_, i) => [100 + i * 10, 200 + i * 10]);
    expect(evaluatePartition(series([...old, ...recent]), opts).status).not.toBe('REWOUND');
  });

  it('estimates time to catch up from the window rates', () => {
    // consumes 200/min, produces 100/min, lag 100 left → 60 s
    const v = evaluatePartition(series([[0, 300], [200, 400], [400, 500]]), opts);
    expect(v.consumeRate).toBeCloseTo(200 / 60);
    expect(v.produceRate).toBeCloseTo(100 / 60);
    expect(v.catchUpSeconds).toBeCloseTo(60);
  });
});

describe('catchUpSeconds', () => {
  it('is null when not catching up', () => {
    expect(catchUpSeconds(100, 5, 10)).toBeNull();
    expect(catchUpSeconds(100, null, 1)).toBeNull();
    expect(catchUpSeconds(0, null, null)).toBe(0);
  });
});

describe('evaluateGroup', () => {
  const ok = evaluatePartition(series([[10, 10]]), opts);
  const stalled = evaluatePartition(series([[0, 10], [0, 20], [0, 30], [0, 30], [0, 30]]), opts);
  it("takes the worst partition's status and names it", () => {
    const g = evaluateGroup([
      { topic: 'a', partition: 0, verdict: ok },
      { topic: 'a', partition: 1, verdict: stalled },
      { topic: 'b', partition: 0, verdict: stalled },
    ]);
    expect(g.status).toBe('STALLED');
    expect(g.reason).toBe('a-1: offset unchanged for 4 min while lag grew from 10 to 30 (and 1 more partition)');
  });
  it('is OK when every partition is', () => {
    expect(evaluateGroup([{ topic: 'a', partition: 0, verdict: ok }])).toEqual({ status: 'OK', reason: 'all 1 partition OK' });
  });
  it('orders statuses by severity', () => {
    expect(worstStatus(['OK', 'UNKNOWN'])).toBe('OK');
    expect(worstStatus(['WARNING', 'STOPPED', 'STALLED'])).toBe('STOPPED');
    expect(worstStatus(['REWOUND', 'WARNING'])).toBe('REWOUND');
  });
});

describe('formatDuration', () => {
  it('reads like a person', () => {
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(5 * min)).toBe('5 min');
    expect(formatDuration(65 * min)).toBe('1 h 5 min');
    expect(formatDuration(51 * 60 * min)).toBe('2 d 3 h');
  });
});
