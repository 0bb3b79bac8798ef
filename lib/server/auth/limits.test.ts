import { describe, expect, it } from 'vitest';
import { RateLimiter, SlotLimiter, WindowLimiter } from './limits';

describe('RateLimiter', () => {
  it('allows a burst of perMinute, then asks to wait, then refills over time', () => {
    let now = 0;
    const rl = new RateLimiter(3, () => now);
    expect([rl.take('a'), rl.take('a'), rl.take('a')]).toEqual([0, 0, 0]);
    expect(rl.take('a')).toBe(20); // one token per 20 s
    expect(rl.take('b')).toBe(0); // other keys are separate
    now += 20_000;
    expect(rl.take('a')).toBe(0);
    expect(rl.take('a')).toBeGreaterThan(0);
  });

  it('wait() reports without consuming', () => {
    const rl = new RateLimiter(1, () => 0);
    expect(rl.wait('k')).toBe(0);
    expect(rl.wait('k')).toBe(0);
    expect(rl.take('k')).toBe(0);
    expect(rl.wait('k')).toBe(60);
  });

  it('0 per minute means no limit', () => {
    const rl = new RateLimiter(0);
    for (let i = 0; i < 100; i++) expect(rl.take('k')).toBe(0);
  });

  it('keeps at most maxKeys buckets', () => {
    const rl = new RateLimiter(5, () => 0, 10);
    for (let i = 0; i < 100; i++) rl.take(`k${i}`);
    expect((rl as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(10);
  });
});

describe('SlotLimiter', () => {
  it('grants max slots per key, and a release (even twice) frees exactly one', () => {
    const sl = new SlotLimiter(2);
    const r1 = sl.acquire('u')!;
    const r2 = sl.acquire('u')!;
    expect(sl.acquire('u')).toBeNull();
    expect(sl.acquire('v')).not.toBeNull();
    r1();
    r1();
    expect(sl.count('u')).toBe(1);
    expect(sl.acquire('u')).not.toBeNull();
    r2();
    expect(sl.count('u')).toBe(1);
  });
});

describe('RateLimiter costs and refunds (issue 24)', () => {
  it('take(key, cost) spends a byte budget and says how long until that much is back', () => {
    const rl = new RateLimiter(1_000, () => 0);
    expect(rl.take('u', 600)).toBe(0);
    expect(rl.take('u', 600)).toBe(12); // 200 short at 1,000 a minute
    expect(rl.take('u', 400)).toBe(0);
  });

  it('refund() gives a reserved slot back, never past the burst', () => {
    const rl = new RateLimiter(2, () => 0);
    expect(rl.take('k')).toBe(0);
    expect(rl.take('k')).toBe(0);
    expect(rl.take('k')).toBeGreaterThan(0);
    rl.refund('k');
    expect(rl.take('k')).toBe(0);
    rl.refund('k');
    rl.refund('k');
    rl.refund('k');
    expect([rl.take('k'), rl.take('k'), rl.take('k') > 0]).toEqual([0, 0, true]);
  });
});

describe('SlotLimiter with weights (live topics)', () => {
  it('acquires n at once or not at all, and releases the same n', () => {
    const sl = new SlotLimiter(40);
    const r20 = sl.acquire('u', 20)!;
    expect(sl.acquire('u', 21)).toBeNull();
    const r15 = sl.acquire('u', 15)!;
    expect(sl.count('u')).toBe(35);
    r20();
    r20();
    expect(sl.count('u')).toBe(15);
    r15();
    expect(sl.count('u')).toBe(0);
  });
});

describe('WindowLimiter (failed sign-ins)', () => {
  it('allows perMinute reservations in any 60 s, however they are spread, and cancelling frees one', () => {
    let now = 0;
    const wl = new WindowLimiter(3, () => now);
    const a = wl.reserve('u');
    now += 20_000;
    wl.reserve('u');
    now += 20_000;
    wl.reserve('u');
    expect(wl.reserve('u')).toEqual({ wait: 20 }); // the first leaves the window at 60 s
    if ('cancel' in a) a.cancel();
    expect('cancel' in wl.reserve('u')).toBe(true);
    expect('wait' in wl.reserve('u')).toBe(true);
    expect('cancel' in wl.reserve('v')).toBe(true); // keys are separate
    now += 60_001;
    expect('cancel' in wl.reserve('u')).toBe(true);
  });
});
