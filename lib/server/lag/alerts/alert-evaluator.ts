import 'server-only';
import type { DbHandle } from '../../db/db';
import { globToRegExp } from '../../auth/topic-patterns';
import { evaluateGroup, evaluatePartition, type EvalOptions } from '../lag-evaluator';
import { sampleKey, type SampleRow } from '../lag-store';
import { windowSamples } from '../lag-window';
import { conditionHolds, groupCatchUp, nextStep, type EpisodeState, type GroupReading } from './alert-conditions';
import { groupLink, type Notification } from './alert-channels';
import { listRules, type StoredRule } from './alert-rules';

/**
 * Runs in the elected sampler after each recorded cycle (and nowhere else): judges every group
 * each enabled rule watches from the same windows of samples the groups page uses, moves each
 * rule-and-group episode along (pending → firing → resolved), and queues one notification per
 * transition. The database rows are the claims: an episode fires only if its row is new
 * (unique rule, group, since) and resolves only if it was still firing, so even two instances
 * evaluating during a hand-over send each notification once.
 */
export async function evaluateAlerts(h: DbHandle, cluster: string, now: number, rows: SampleRow[], opts: EvalOptions): Promise<number> {
  const rules = (await listRules(cluster, h)).filter((r) => r.enabled);
  if (rules.length === 0) return 0;
  const patterns = rules.map((r) => globToRegExp(r.groups));
  const watchedGroups = [...new Set(rows.map((r) => r.groupId))].filter((g) => patterns.some((p) => p.test(g)));
  // Only the watched groups' windows: on a big cluster most groups have no rule.
  const { samples: windows } = await windowSamples(h, cluster, opts.windowSize, watchedGroups);
  const byGroup = new Map<string, SampleRow[]>();
  for (const r of rows) {
    let list = byGroup.get(r.groupId);
    if (!list) byGroup.set(r.groupId, (list = []));
    list.push(r);
  }
  let queued = 0;
  for (const rule of rules) {
    const pattern = globToRegExp(rule.groups);
    const topicRes = rule.topics.map(globToRegExp);
    const states = new Map(
      (await h.db.selectFrom('alert_states').selectAll().where('rule_id', '=', rule.id).execute()).map((s) => [
        s.group_id,
        { pendingSince: num(s.pending_since), firing: s.firing_event_id != null, firingEventId: num(s.firing_event_id), lastFiredAt: num(s.last_fired_at) },
      ]),
    );
    const seen = new Set<string>();
    for (const [groupId, parts] of byGroup) {
      if (!pattern.test(groupId)) continue;
      const watched = topicRes.length ? parts.filter((p) => topicRes.some((t) => t.test(p.topic))) : parts;
      if (watched.length === 0) continue;
      seen.add(groupId);
      const reading = readGroup(watched, windows, groupId, opts);
      const verdict = conditionHolds(rule.condition, reading);
      queued += await step(h, rule, groupId, states.get(groupId), verdict.holds, verdict.reason, reading, now);
    }
    // A group that vanished (deleted, or no longer reading a watched topic) cannot stay firing.
    for (const [groupId, s] of states) {
      if (seen.has(groupId)) continue;
      queued += await step(h, rule, groupId, s, false, `group ${groupId} no longer reads a watched topic (or was deleted)`, null, now);
    }
  }
  return queued;
}

const num = (v: number | string | null) => (v == null ? null : Number(v));

function readGroup(parts: SampleRow[], windows: Map<string, { ts: number; committed: number | null; end: number }[]>, groupId: string, opts: EvalOptions): GroupReading {
  const verdicts = parts.map((p) => ({ topic: p.topic, partition: p.partition, verdict: evaluatePartition(windows.get(sampleKey(groupId, p.topic, p.partition)) ?? [], opts) }));
  const g = evaluateGroup(verdicts);
  const lags = parts.filter((p) => p.committed != null).map((p) => Math.max(0, p.logEnd - p.committed!));
  return {
    status: g.status,
    statusReason: g.reason,
    lag: lags.length ? lags.reduce((a, b) => a + b, 0) : null,
    catchUpSeconds: groupCatchUp(verdicts.map((v) => ({ lag: v.verdict.lag, catchUpSeconds: v.verdict.catchUpSeconds }))),
  };
}

type State = EpisodeState & { firingEventId: number | null };

async function step(h: DbHandle, rule: StoredRule, groupId: string, s: State | undefined, holds: boolean, reason: string, reading: GroupReading | null, now: number): Promise<number> {
  const state: State = s ?? { pendingSince: null, firing: false, firingEventId: null, lastFiredAt: null };
  const next = nextStep(state, holds, now, { forMs: rule.forSeconds * 1000, repeatMs: rule.repeatIntervalSeconds * 1000 });
  switch (next.do) {
    case 'nothing':
      return 0;
    case 'pend':
      await upsertState(h, rule.id, groupId, { pending_since: next.since, firing_event_id: state.firingEventId, last_fired_at: state.lastFiredAt });
      return 0;
    case 'clear':
      await upsertState(h, rule.id, groupId, { pending_since: null, firing_event_id: null, last_fired_at: state.lastFiredAt });
      return 0;
    case 'fire':
      return fire(h, rule, groupId, next.since, reason, reading!, now);
    case 'resolve':
      return resolve(h, rule, groupId, state, reason, reading, now);
  }
}

async function upsertState(h: DbHandle, ruleId: number, groupId: string, v: { pending_since: number | null; firing_event_id: number | null; last_fired_at: number | null }) {
  await h.db
    .insertInto('alert_states')
    .values({ rule_id: ruleId, group_id: groupId, ...v })
    .onConflict((oc) => oc.columns(['rule_id', 'group_id']).doUpdateSet(v))
    .execute();
}

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());
const finite = (v: number | null) => (v === null || !Number.isFinite(v) ? null : Math.round(v));

async function fire(h: DbHandle, rule: StoredRule, groupId: string, since: number, reason: string, r: GroupReading, now: number): Promise<number> {
  return h.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('alert_events')
      .values({
        cluster: rule.cluster,
        rule_id: rule.id,
        rule_name: rule.name,
        group_id: groupId,
        state: 'firing',
        since,
        fired_at: now,
        resolved_at: null,
        status: r.status,
        lag: r.lag,
        catch_up_seconds: r.catchUpSeconds === null ? null : Number.isFinite(r.catchUpSeconds) ? r.catchUpSeconds : -1,
        reason,
        resolved_reason: null,
      })
      .onConflict((oc) => oc.columns(['rule_id', 'group_id', 'since']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      // This episode already fired (another instance, during a hand-over): adopt its alert so
      // it resolves (once) from here, and send nothing.
      const fired = await trx.selectFrom('alert_events').select(['id', 'state', 'fired_at']).where('rule_id', '=', rule.id).where('group_id', '=', groupId).where('since', '=', since).executeTakeFirstOrThrow();
      const adopted = { pending_since: since, firing_event_id: fired.state === 'firing' ? Number(fired.id) : null, last_fired_at: Number(fired.fired_at) };
      await trx.insertInto('alert_states').values({ rule_id: rule.id, group_id: groupId, ...adopted }).onConflict((oc) => oc.columns(['rule_id', 'group_id']).doUpdateSet(adopted)).execute();
      return 0;
    }
    const eventId = Number(inserted.id);
    const values = { pending_since: since, firing_event_id: eventId, last_fired_at: now };
    await trx.insertInto('alert_states').values({ rule_id: rule.id, group_id: groupId, ...values }).onConflict((oc) => oc.columns(['rule_id', 'group_id']).doUpdateSet(values)).execute();
    const n: Notification = {
      version: 1,
      kind: 'firing',
      cluster: rule.cluster,
      rule: { id: rule.id, name: rule.name },
      group: groupId,
      alertId: eventId,
      status: r.status,
      lag: r.lag,
      catchUpSeconds: finite(r.catchUpSeconds),
      reason,
      since: iso(since),
      firedAt: iso(now),
      resolvedAt: null,
      link: groupLink(rule.cluster, groupId),
    };
    await trx.insertInto('alert_deliveries').values(deliveryRow(rule, eventId, n, now)).execute();
    return 1;
  });
}

async function resolve(h: DbHandle, rule: StoredRule, groupId: string, s: State, reason: string, r: GroupReading | null, now: number): Promise<number> {
  return h.db.transaction().execute(async (trx) => {
    const values = { pending_since: null, firing_event_id: null, last_fired_at: s.lastFiredAt };
    await trx.insertInto('alert_states').values({ rule_id: rule.id, group_id: groupId, ...values }).onConflict((oc) => oc.columns(['rule_id', 'group_id']).doUpdateSet(values)).execute();
    if (s.firingEventId === null) return 0;
    const claimed = await trx
      .updateTable('alert_events')
      .set({ state: 'resolved', resolved_at: now, resolved_reason: reason })
      .where('id', '=', s.firingEventId)
      .where('state', '=', 'firing')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return 0;
    const ev = await trx.selectFrom('alert_events').selectAll().where('id', '=', s.firingEventId).executeTakeFirstOrThrow();
    const n: Notification = {
      version: 1,
      kind: 'resolved',
      cluster: rule.cluster,
      rule: { id: rule.id, name: rule.name },
      group: groupId,
      alertId: s.firingEventId,
      status: r?.status ?? null,
      lag: r?.lag ?? null,
      catchUpSeconds: r ? finite(r.catchUpSeconds) : null,
      reason,
      since: iso(Number(ev.since)),
      firedAt: iso(Number(ev.fired_at)),
      resolvedAt: iso(now),
      link: groupLink(rule.cluster, groupId),
    };
    await trx.insertInto('alert_deliveries').values(deliveryRow(rule, s.firingEventId, n, now)).execute();
    return 1;
  });
}

function deliveryRow(rule: StoredRule, eventId: number | null, n: Notification, now: number) {
  return {
    cluster: rule.cluster,
    rule_id: rule.id,
    event_id: eventId,
    kind: n.kind,
    channel_type: rule.channelType,
    state: 'pending',
    attempts: 0,
    next_attempt_at: now,
    payload: JSON.stringify(n),
    created_at: now,
  };
}
