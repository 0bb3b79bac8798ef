import 'server-only';
import { PayloadTooLarge, TooManyRequests } from '../errors';
import { authSettings } from './auth-settings';
import type { Principal } from './principal';
import { singleton } from '../singleton';

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

  /** Gives back one request taken by take() (a reservation that turned out not to count). */
  refund(key: string): void {
    if (this.perMinute <= 0) return;
    const b = this.bucket(key);
    b.tokens = Math.min(this.perMinute, b.tokens + 1);
  }

  /** Consumes `cost` (one request, or bytes); returns the seconds to wait instead when the bucket holds less. */
  take(key: string, cost = 1): number {
    if (this.perMinute <= 0) return 0;
    const b = this.bucket(key);
    if (b.tokens < cost) return Math.max(1, Math.ceil(((cost - b.tokens) * 60) / this.perMinute));
    b.tokens -= cost;
    return 0;
  }
}

/**
 * At most `perMinute` reservations per key in any 60 s (a sliding window of their times), for
 * failed sign-ins: exactly "N per minute", however slowly the guesses are answered (a token
 * bucket refilling while bcrypt runs let an 11th guess through on a slow machine). A
 * reservation can be cancelled (the sign-in succeeded). Clock-injectable for unit tests.
 */
export class WindowLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - 60_000;
    const list = (this.windows.get(key) ?? []).filter((t) => t > since);
    if (list.length) this.windows.set(key, list);
    else this.windows.delete(key);
    return list;
  }

  /** Reserves one; returns a cancel function, or the seconds to wait when the window is full. */
  reserve(key: string): { cancel: () => void } | { wait: number } {
    const list = this.recent(key);
    if (list.length >= this.perMinute) return { wait: Math.max(1, Math.ceil((list[0]! + 60_000 - this.now()) / 1000)) };
    if (!this.windows.has(key) && this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
    const at = this.now();
    this.windows.set(key, [...list, at]);
    let cancelled = false;
    return {
      cancel: () => {
        if (cancelled) return;
        cancelled = true;
        const l = this.windows.get(key);
        const i = l?.indexOf(at) ?? -1;
        if (i >= 0) l!.splice(i, 1);
      },
    };
  }
}

/** Counts open slots per key (live streams per user). */
export class SlotLimiter {
  private readonly open = new Map<string, number>();

  constructor(readonly max: number) {}

  count(key: string): number {
    return this.open.get(key) ?? 0;
  }

  /** A release function (safe to call twice), or null when `n` more would pass `max`. */
  acquire(key: string, n = 1): (() => void) | null {
    const held = this.count(key);
    if (held + n > this.max) return null;
    this.open.set(key, held + n);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.count(key) - n;
      if (left <= 0) this.open.delete(key);
      else this.open.set(key, left);
    };
  }
}

const g = singleton('riffle:auth/limits', (): {
  riffleLimits?: { mutations: RateLimiter; signIn: WindowLimiter; streams: SlotLimiter; liveTopics: SlotLimiter; produceBytes: RateLimiter; anonymousAudit: RateLimiter };
  riffleAuditSuppressed?: Map<string, number>;
} => ({}));

function limits() {
  if (!g.riffleLimits) {
    const s = authSettings();
    g.riffleLimits = {
      mutations: new RateLimiter(s.mutationsPerMinute),
      signIn: new WindowLimiter(s.signInFailuresPerMinute),
      streams: new SlotLimiter(s.maxStreamsPerUser),
      liveTopics: new SlotLimiter(s.maxLiveTopicsPerUser),
      produceBytes: new RateLimiter(s.produceBytesPerMinute),
      anonymousAudit: new RateLimiter(s.anonymousAuditPerMinute),
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

/**
 * Takes one failed-sign-in slot for the key before the credential is checked (429 when none
 * is left); the returned function gives it back when the sign-in succeeded. Reserving first
 * is what makes the limit hold under parallel guesses: a check-then-record limiter let 20
 * parallel guesses through a limit of 10.
 */
export function reserveSignInAttempt(key: string): () => void {
  const r = limits().signIn.reserve(key);
  if ('wait' in r) throw new TooManyRequests(`too many failed sign-ins; try again in ${r.wait} s`);
  return r.cancel;
}

/**
 * Refused anonymous requests are audited at most RIFFLE_AUDIT_ANONYMOUS_PER_MINUTE times per
 * client address: anyone who can reach the port could otherwise grow the audit log without
 * bound. Returns null when this one is not to be stored (it is counted), else how many were
 * left out since the last one stored, for that row to say so.
 */
export function anonymousAuditAllowance(address: string): { skipped: number } | null {
  const suppressed = (g.riffleAuditSuppressed ??= new Map());
  if (limits().anonymousAudit.take(address) > 0) {
    if (suppressed.size >= 10_000 && !suppressed.has(address)) suppressed.delete(suppressed.keys().next().value!);
    suppressed.set(address, (suppressed.get(address) ?? 0) + 1);
    return null;
  }
  const skipped = suppressed.get(address) ?? 0;
  suppressed.delete(address);
  return { skipped };
}

/**
 * Produce: the bytes a request would write (every copy counted) against the per-request cap
 * (413, naming `copies`) and the user's per-minute budget (429). Checked before anything is
 * built or sent, so a refused request costs no memory and writes nothing.
 */
export function chargeProduceBytes(p: Principal, bytes: number, copies: number): void {
  const s = authSettings();
  if (bytes > s.produceMaxBytesPerRequest) {
    throw new PayloadTooLarge(`this would write ${bytes} bytes (${copies} copies); one request may write at most ${s.produceMaxBytesPerRequest} bytes (RIFFLE_PRODUCE_MAX_BYTES)`, 'copies');
  }
  const { produceBytes } = limits();
  const wait = produceBytes.take(`${p.via}:${p.name}`, bytes);
  if (wait > 0) {
    throw new TooManyRequests(`too many bytes produced: at most ${produceBytes.perMinute} bytes per minute per user (RIFFLE_PRODUCE_BYTES_PER_MINUTE); try again in ${wait} s`);
  }
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

/**
 * Every topic a user watches live counts against RIFFLE_MAX_LIVE_TOPICS_PER_USER, whether it
 * comes alone, with 19 others on one stream, or in one of 32 sub-streams of a multiplexed
 * connection: the cost (a hub, catch-up reads) is per topic, not per connection. 429 beyond.
 */
export function acquireLiveTopics(p: Principal, count: number): () => void {
  const { liveTopics } = limits();
  const key = `${p.via}:${p.name}`;
  const release = liveTopics.acquire(key, count);
  if (!release) {
    throw new TooManyRequests(`too many live topics: this would watch ${liveTopics.count(key) + count} topics at once; at most ${liveTopics.max} per user (RIFFLE_MAX_LIVE_TOPICS_PER_USER); close another live view`);
  }
  return release;
}

/** A live stream's hold on both limits: one connection and `topics` topics; releases both (safe to call twice). */
export function holdStreamAndTopics(p: Principal, topics: number): () => void {
  const releaseTopics = acquireLiveTopics(p, topics);
  let releaseStream: () => void;
  try {
    releaseStream = acquireStreamSlot(p);
  } catch (err) {
    releaseTopics();
    throw err;
  }
  return () => {
    releaseStream();
    releaseTopics();
  };
}

/** How many live streams the principal holds open now, and the most it may (GET /api/auth/streams). */
export function streamSlotsOf(p: Principal): { open: number; max: number } {
  const { streams } = limits();
  return { open: streams.count(`${p.via}:${p.name}`), max: streams.max };
}
