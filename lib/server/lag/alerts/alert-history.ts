import 'server-only';
import type { AlertDelivery, AlertEvent, AlertHistory, AlertHistoryQuery, AlertRule, DeliveryResult } from '@/lib/contracts/alerts';
import { database, type DbHandle } from '../../db/db';
import { send, type Notification } from './alert-channels';
import { recordAttempt } from './alert-delivery';
import { getRule, listRules, toPublicRule, type StoredRule } from './alert-rules';
import { ensureFileRules } from './alert-startup';

const iso = (v: number | string | null) => (v == null ? null : new Date(Number(v)).toISOString());

type AttemptRow = { delivery_id: number | string; at: number | string; ok: number; http_status: number | null; error: string | null; duration_ms: number };
const toResult = (a: AttemptRow): DeliveryResult => ({ at: iso(a.at)!, ok: Boolean(Number(a.ok)), httpStatus: a.http_status, error: a.error, durationMs: a.duration_ms });

async function attemptsOf(h: DbHandle, deliveryIds: number[]): Promise<Map<number, DeliveryResult[]>> {
  const out = new Map<number, DeliveryResult[]>();
  if (deliveryIds.length === 0) return out;
  const rows = await h.db.selectFrom('alert_attempts').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('id').execute();
  for (const a of rows) {
    const k = Number(a.delivery_id);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(toResult(a));
  }
  return out;
}

/** Alerts newest first, each with its notifications and their attempts. */
export async function alertHistory(cluster: string, q: AlertHistoryQuery): Promise<AlertHistory> {
  const h = await database();
  let query = h.db.selectFrom('alert_events').selectAll().where('cluster', '=', cluster);
  if (q.rule) query = query.where('rule_id', '=', q.rule);
  if (q.group) query = query.where('group_id', '=', q.group);
  if (q.state) query = query.where('state', '=', q.state);
  const events = await query.orderBy('id', 'desc').limit(q.limit).execute();
  const ids = events.map((e) => Number(e.id));
  const deliveries = ids.length ? await h.db.selectFrom('alert_deliveries').selectAll().where('event_id', 'in', ids).orderBy('id').execute() : [];
  const attempts = await attemptsOf(h, deliveries.map((d) => Number(d.id)));
  const byEvent = new Map<number, AlertDelivery[]>();
  for (const d of deliveries) {
    const k = Number(d.event_id);
    let list = byEvent.get(k);
    if (!list) byEvent.set(k, (list = []));
    list.push({
      id: Number(d.id),
      kind: d.kind as AlertDelivery['kind'],
      channel: d.channel_type as AlertDelivery['channel'],
      state: d.state as AlertDelivery['state'],
      attempts: attempts.get(Number(d.id)) ?? [],
      nextAttemptAt: d.state === 'pending' ? iso(d.next_attempt_at) : null,
      createdAt: iso(d.created_at)!,
    });
  }
  return {
    events: events.map(
      (e): AlertEvent => ({
        id: Number(e.id),
        ruleId: e.rule_id,
        ruleName: e.rule_name,
        group: e.group_id,
        state: e.state === 'resolved' ? 'resolved' : 'firing',
        since: iso(e.since)!,
        firedAt: iso(e.fired_at)!,
        resolvedAt: iso(e.resolved_at),
        status: e.status,
        lag: e.lag == null ? null : Number(e.lag),
        catchUpSeconds: e.catch_up_seconds == null ? null : Number(e.catch_up_seconds),
        reason: e.reason,
        resolvedReason: e.resolved_reason,
        deliveries: byEvent.get(Number(e.id)) ?? [],
      }),
    ),
  };
}

/** The newest test send of each rule. */
async function lastTests(h: DbHandle, cluster: string): Promise<Map<number, DeliveryResult>> {
  const tests = await h.db.selectFrom('alert_deliveries').select(['id', 'rule_id']).where('cluster', '=', cluster).where('kind', '=', 'test').orderBy('id', 'desc').limit(500).execute();
  const newest = new Map<number, number>();
  for (const t of tests) if (!newest.has(t.rule_id)) newest.set(t.rule_id, Number(t.id));
  const attempts = await attemptsOf(h, [...newest.values()]);
  const out = new Map<number, DeliveryResult>();
  for (const [rule, id] of newest) {
    const a = attempts.get(id)?.at(-1);
    if (a) out.set(rule, a);
  }
  return out;
}

export async function publicRules(cluster: string): Promise<AlertRule[]> {
  await ensureFileRules();
  const h = await database();
  const [rules, tests] = await Promise.all([listRules(cluster, h), lastTests(h, cluster)]);
  return rules.map((r) => toPublicRule(r, tests.get(r.id) ?? null));
}

export async function publicRule(cluster: string, id: number): Promise<AlertRule> {
  const h = await database();
  const [rule, tests] = await Promise.all([getRule(cluster, id, h), lastTests(h, cluster)]);
  return toPublicRule(rule, tests.get(id) ?? null);
}

/**
 * Sends a test notification through the rule's channel now, from whichever instance was asked
 * (a person is waiting for the answer), once, and keeps the result with the rule.
 */
export async function testSend(cluster: string, id: number): Promise<DeliveryResult> {
  const h = await database();
  const rule: StoredRule = await getRule(cluster, id, h);
  const now = Date.now();
  const n: Notification = {
    version: 1,
    kind: 'test',
    cluster,
    rule: { id: rule.id, name: rule.name },
    group: null,
    alertId: null,
    status: null,
    lag: null,
    catchUpSeconds: null,
    reason: `A test notification from Riffle for the rule "${rule.name}" (groups ${rule.groups}). Nothing is wrong.`,
    since: null,
    firedAt: null,
    resolvedAt: null,
    link: null,
  };
  const result = await send(rule.channelType, rule.secret, n);
  const row = await h.db
    .insertInto('alert_deliveries')
    .values({ cluster, rule_id: rule.id, event_id: null, kind: 'test', channel_type: rule.channelType, state: result.ok ? 'sent' : 'failed', attempts: 1, next_attempt_at: null, payload: JSON.stringify(n), created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAttempt(h, Number(row.id), result);
  return result;
}
