import 'server-only';
import type { DeliveryResult } from '@/lib/contracts/alerts';
import type { DbHandle } from '../../db/db';
import { send, type Notification } from './alert-channels';
import { getRule, type StoredRule } from './alert-rules';
import { MAX_ATTEMPTS, retryDelayMs } from './alert-conditions';

const BATCH = 20;

/**
 * Sends the notifications that are due, one attempt each: a success marks the delivery sent, a
 * failure schedules the next attempt with exponential backoff (1 s, 2 s, 4 s … capped at 5 min)
 * until MAX_ATTEMPTS, then marks it failed. Every attempt is kept for the history page. Called
 * only by the elected sampler of the cluster; a delivery is claimed (its next-attempt time moved
 * forward) before it is sent, so a second caller would skip it.
 */
export async function deliverDue(h: DbHandle, cluster: string, now = Date.now()): Promise<number> {
  const due = await h.db
    .selectFrom('alert_deliveries')
    .selectAll()
    .where('cluster', '=', cluster)
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('id')
    .limit(BATCH)
    .execute();
  let sent = 0;
  const rules = new Map<number, StoredRule | null>();
  for (const d of due) {
    const id = Number(d.id);
    const claimUntil = now + 120_000; // an attempt in flight is not picked again
    const claimed = await h.db
      .updateTable('alert_deliveries')
      .set({ next_attempt_at: claimUntil })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .where('next_attempt_at', '=', d.next_attempt_at)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) continue;
    if (!rules.has(d.rule_id)) rules.set(d.rule_id, await getRule(cluster, d.rule_id, h).catch(() => null));
    const rule = rules.get(d.rule_id);
    const result: DeliveryResult = rule
      ? await send(rule.channelType, rule.secret, JSON.parse(d.payload) as Notification)
      : { at: new Date().toISOString(), ok: false, httpStatus: null, error: 'the rule was deleted', durationMs: 0 };
    const attempts = d.attempts + 1;
    await recordAttempt(h, id, result);
    const state = result.ok ? 'sent' : attempts >= MAX_ATTEMPTS || !rule ? 'failed' : 'pending';
    await h.db
      .updateTable('alert_deliveries')
      .set({ state, attempts, next_attempt_at: state === 'pending' ? Date.now() + retryDelayMs(attempts) : null })
      .where('id', '=', id)
      .execute();
    if (result.ok) sent++;
    else console.warn(`[riffle] alerts: ${d.kind} notification ${id} of rule "${rule?.name ?? d.rule_id}" failed (attempt ${attempts}): ${result.error}`);
  }
  return sent;
}

export async function recordAttempt(h: DbHandle, deliveryId: number, r: DeliveryResult): Promise<void> {
  await h.db
    .insertInto('alert_attempts')
    .values({ delivery_id: deliveryId, at: Date.parse(r.at), ok: r.ok ? 1 : 0, http_status: r.httpStatus, error: r.error?.slice(0, 500) ?? null, duration_ms: r.durationMs })
    .execute();
}
