import { describe, expect, it } from 'vitest';
import { conditionHolds, groupCatchUp, nextStep, retryDelayMs, type EpisodeState } from './alert-conditions';

const reading = { status: 'STALLED' as const, statusReason: 'offset unchanged for 5 min', lag: 120, catchUpSeconds: Infinity };

describe('conditionHolds', () => {
  it('holds on a listed status and says why', () => {
    const r = conditionHolds({ status: ['STALLED', 'STOPPED'] }, reading);
    expect(r.holds).toBe(true);
    expect(r.reason).toContain('status STALLED');
  });
  it('does not hold on other statuses', () => {
    expect(conditionHolds({ status: ['STOPPED'] }, reading).holds).toBe(false);
    expect(conditionHolds({ status: ['WARNING'] }, { ...reading, status: 'OK' }).holds).toBe(false);
  });
  it('compares lag strictly above the threshold, and ignores groups without commits', () => {
    expect(conditionHolds({ lagAbove: 120 }, reading).holds).toBe(false);
    expect(conditionHolds({ lagAbove: 119 }, reading).holds).toBe(true);
    expect(conditionHolds({ lagAbove: 0 }, { ...reading, lag: null }).holds).toBe(false);
  });
  it('treats lag that is not shrinking as an endless catch-up', () => {
    expect(conditionHolds({ catchUpSecondsAbove: 600 }, reading).holds).toBe(true);
    expect(conditionHolds({ catchUpSecondsAbove: 600 }, { ...reading, catchUpSeconds: 30 }).holds).toBe(false);
    expect(conditionHolds({ catchUpSecondsAbove: 600 }, { ...reading, catchUpSeconds: 601 }).reason).toContain('estimated catch-up');
  });
  it('holds when any one condition does', () => {
    expect(conditionHolds({ status: ['STOPPED'], lagAbove: 10 }, reading).holds).toBe(true);
  });
});

describe('groupCatchUp', () => {
  it('is the slowest partition, Infinity when one is not shrinking, null without commits', () => {
    expect(groupCatchUp([{ lag: 0, catchUpSeconds: 0 }, { lag: 10, catchUpSeconds: 5 }])).toBe(5);
    expect(groupCatchUp([{ lag: 10, catchUpSeconds: 5 }, { lag: 3, catchUpSeconds: null }])).toBe(Infinity);
    expect(groupCatchUp([{ lag: null, catchUpSeconds: null }])).toBeNull();
  });
});

describe('nextStep', () => {
  const rule = { forMs: 10_000, repeatMs: 60_000 };
  const idle: EpisodeState = { pendingSince: null, firing: false, lastFiredAt: null };

  it('pends, then fires once the condition held for the rule’s time, then stays quiet', () => {
    expect(nextStep(idle, true, 1000, rule)).toEqual({ do: 'pend', since: 1000 });
    const pending = { ...idle, pendingSince: 1000 };
    expect(nextStep(pending, true, 10_999, rule)).toEqual({ do: 'nothing' });
    expect(nextStep(pending, true, 11_000, rule)).toEqual({ do: 'fire', since: 1000 });
    expect(nextStep({ pendingSince: 1000, firing: true, lastFiredAt: 11_000 }, true, 50_000, rule)).toEqual({ do: 'nothing' });
  });
  it('fires at once when forSeconds is 0', () => {
    expect(nextStep(idle, true, 5, { forMs: 0, repeatMs: 1 })).toEqual({ do: 'fire', since: 5 });
  });
  it('resolves a firing alert, and forgets a pending one, when the condition clears', () => {
    expect(nextStep({ pendingSince: 1, firing: true, lastFiredAt: 2 }, false, 3, rule)).toEqual({ do: 'resolve' });
    expect(nextStep({ ...idle, pendingSince: 1 }, false, 3, rule)).toEqual({ do: 'clear' });
    expect(nextStep(idle, false, 3, rule)).toEqual({ do: 'nothing' });
  });
  it('never fires twice for one rule and group within the repeat interval', () => {
    const after = { pendingSince: 20_000, firing: false, lastFiredAt: 11_000 };
    expect(nextStep(after, true, 40_000, rule)).toEqual({ do: 'nothing' });
    expect(nextStep(after, true, 71_000, rule)).toEqual({ do: 'fire', since: 20_000 });
  });
});

describe('retryDelayMs', () => {
  it('doubles from 1 s and caps at 5 min', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(30)).toBe(300_000);
  });
});
