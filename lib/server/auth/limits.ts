import 'server-only';
import { TooManyRequests } from '../errors';
import { authSettings } from './auth-settings';
import type { Principal } from './principal';

/**
 * A token bucket per key: `perMinute` requests in a burst, refilled evenly over a minute.
 * Pure and clock-injectable so it is unit-tested without waiting.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  private bucket(key: string) {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.prune();
      b = { tokens: this.perMinute, at: t };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.perMinute, b.tokens + ((t - b.at) * this.perMinute) / 60_000);
    b.at = t;
    return b;
  }

  private prune() {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((this.now() - b.at) * this.perMinute) / 60_000 >= this.perMinute) this.buckets.delete(k);
    }
    // Still full of busy keys: forget the oldest rather than grow without bound.
    while (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
  }

  /** Seconds until one more request is allowed; 0 when allowed now. Does not consume. */
  wait(key: string): number {
    if (this.perMinute <= 0) return 0;
    const b = this.bucket(key);
    return b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) * 60) / this.perMinute);
  }

  /** Consumes one request; returns the seconds to wait instead when the bucket is empty. */
  take(key: string): number {
    if (this.perMinute <= 0) return 0;
    const b = this.bucket(key);
    if (b.tokens < 1) return Math.ceil(((1 - b.tokens) * 60) / this.perMinute);
    b.tokens -= 1;
    return 0;
  }
}

/** Counts open slots per key (live streams per user). */
export class SlotLimiter {
  private readonly open = new Map<string, number>();

  constructor(readonly max: number) {}

  count(key: string): number {
    return this.open.get(key) ?? 0;
  }

  /** A release function (safe to call twice), or null when the key holds `max` slots already. */
  acquire(key: string): (() => void) | null {
    const n = this.count(key);
    if (n >= this.max) return null;
    this.open.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.count(key) - 1;
      if (left <= 0) this.open.delete(key);
      else this.open.set(key, left);
    };
  }
}

const g = globalThis as unknown as { riffleLimits?: { mutations: RateLimiter; signIn: RateLimiter; streams: SlotLimiter } };

function limits() {
  if (!g.riffleLimits) {
    const s = authSettings();
    g.riffleLimits = {
      mutations: new RateLimiter(s.mutationsPerMinute),
      signIn: new RateLimiter(s.signInFailuresPerMinute),
      streams: new SlotLimiter(s.maxStreamsPerUser),
    };
  }
  return g.riffleLimits;
}

/** Throws 429 when the principal has used up its mutations for now. Called by the guard. */
export function checkMutationRate(p: Principal): void {
  const wait = limits().mutations.take(`${p.via}:${p.name}`);
  if (wait > 0) {
    throw new TooManyRequests(`too many changes: ${limits().mutations.perMinute} per minute per user; try again in ${wait} s`);
  }
}

/** Throws 429 if this user name from this address failed to sign in too often lately. */
export function checkSignInAllowed(key: string): void {
  const wait = limits().signIn.wait(key);
  if (wait > 0) throw new TooManyRequests(`too many failed sign-ins; try again in ${wait} s`);
}

export function recordSignInFailure(key: string): void {
  limits().signIn.take(key);
}

/**
 * For live-stream routes (SSE): reserve one of the user's concurrent streams, or 429.
 *   const release = acquireStreamSlot(principal);
 *   req.signal.addEventListener('abort', release); // and call release() when the stream ends
 */
export function acquireStreamSlot(p: Principal): () => void {
  const { streams } = limits();
  const release = streams.acquire(`${p.via}:${p.name}`);
  if (!release) throw new TooManyRequests(`too many live streams: at most ${streams.max} open at once per user; close another tab's live view`);
  return release;
}

/** How many live streams the principal holds open now, and the most it may (GET /api/auth/streams). */
export function streamSlotsOf(p: Principal): { open: number; max: number } {
  const { streams } = limits();
  return { open: streams.count(`${p.via}:${p.name}`), max: streams.max };
}
