// Pure alert logic: does a rule's condition hold for a group, and what happens next. No I/O, no clock.
import type { AlertCondition } from '@/lib/contracts/alerts';
import type { LagStatus } from '@/lib/contracts/groups';
import { formatDuration, n } from '../lag-evaluator';

/** What the sampler knows about one group (over the rule's topics) at one cycle. */
export interface GroupReading {
  status: LagStatus;
  statusReason: string;
  /** Total lag over the partitions with a commit; null when none has one. */
  lag: number | null;
  /** Estimated seconds to catch up; Infinity when lag is not shrinking; null when unknown. */
  catchUpSeconds: number | null;
}

export interface ConditionResult {
  holds: boolean;
  /** Why it holds (every part that does), or why not. */
  reason: string;
}

/** A rule holds when any of its conditions does. */
export function conditionHolds(c: AlertCondition, r: GroupReading): ConditionResult {
  const why: string[] = [];
  if (c.status?.includes(r.status as never)) why.push(`status ${r.status}: ${r.statusReason}`);
  if (c.lagAbove !== undefined && r.lag !== null && r.lag > c.lagAbove) why.push(`lag ${n(r.lag)} is above ${n(c.lagAbove)}`);
  if (c.catchUpSecondsAbove !== undefined && r.catchUpSeconds !== null && r.catchUpSeconds > c.catchUpSecondsAbove) {
    why.push(
      r.catchUpSeconds === Infinity
        ? `lag ${n(r.lag ?? 0)} is not shrinking (catch-up never, limit ${formatDuration(c.catchUpSecondsAbove * 1000)})`
        : `estimated catch-up ${formatDuration(r.catchUpSeconds * 1000)} is above ${formatDuration(c.catchUpSecondsAbove * 1000)}`,
    );
  }
  if (why.length) return { holds: true, reason: why.join('; ') };
  return { holds: false, reason: `status ${r.status}${r.lag !== null ? `, lag ${n(r.lag)}` : ''}: ${r.statusReason}` };
}

/** Group catch-up from its partitions' estimates: the slowest partition; lag that is not shrinking is Infinity. */
export function groupCatchUp(parts: { lag: number | null; catchUpSeconds: number | null }[]): number | null {
  let worst: number | null = null;
  for (const p of parts) {
    if (p.lag === null) continue;
    const s = p.lag === 0 ? 0 : (p.catchUpSeconds ?? Infinity);
    worst = worst === null ? s : Math.max(worst, s);
  }
  return worst;
}

export interface EpisodeState {
  /** When the condition started to hold (ms); null while it doesn't. */
  pendingSince: number | null;
  /** The alert that fired and has not resolved yet. */
  firing: boolean;
  /** When this rule last notified "firing" for this group (ms). */
  lastFiredAt: number | null;
}

export type Step =
  | { do: 'nothing' }
  /** the condition starts to hold: remember since when */
  | { do: 'pend'; since: number }
  /** held long enough, and no firing notification in the repeat interval */
  | { do: 'fire'; since: number }
  /** the condition cleared: resolve the firing alert (or forget a pending one) */
  | { do: 'resolve' }
  | { do: 'clear' };

export function nextStep(s: EpisodeState, holds: boolean, now: number, rule: { forMs: number; repeatMs: number }): Step {
  if (!holds) {
    if (s.firing) return { do: 'resolve' };
    return s.pendingSince !== null ? { do: 'clear' } : { do: 'nothing' };
  }
  if (s.firing) return { do: 'nothing' };
  const since = s.pendingSince ?? now;
  const heldLongEnough = now - since >= rule.forMs;
  const quiet = s.lastFiredAt === null || now - s.lastFiredAt >= rule.repeatMs;
  if (heldLongEnough && quiet) return { do: 'fire', since };
  return s.pendingSince === null ? { do: 'pend', since: now } : { do: 'nothing' };
}

/** Next retry delay after `attempts` failed attempts: 1 s, 2 s, 4 s … capped at 5 min. */
export function retryDelayMs(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

export const MAX_ATTEMPTS = 10;
