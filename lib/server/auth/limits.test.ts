import { describe, expect, it } from 'vitest';
import { RateLimiter, SlotLimiter } from './limits';

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
