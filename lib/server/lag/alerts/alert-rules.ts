import 'server-only';
import { alertRuleInput, type AlertChannelType, type AlertCondition, type AlertRule, type AlertRuleParsed, type DeliveryResult } from '@/lib/contracts/alerts';
import { database, type DbHandle } from '../../db/db';
import { BadRequest, Conflict, NotFound } from '../../errors';
import { alertSettings } from './alert-settings';

/** A rule as the server uses it: with its channel secret, which never leaves the server. */
export interface StoredRule {
  id: number;
  cluster: string;
  name: string;
  groups: string;
  topics: string[];
  condition: AlertCondition;
  forSeconds: number;
  repeatIntervalSeconds: number;
  enabled: boolean;
  source: 'console' | 'file';
  channelType: AlertChannelType;
  secret: ChannelSecret;
  updatedBy: string;
  updatedAt: string;
}

export interface ChannelSecret {
  url?: string;
  to?: string[];
}

type Row = Awaited<ReturnType<typeof selectRules>>[number];

function selectRules(h: DbHandle, cluster?: string) {
  let q = h.db.selectFrom('alert_rules').selectAll();
  if (cluster) q = q.where('cluster', '=', cluster);
  return q.orderBy('id').execute();
}

function fromRow(r: Row): StoredRule {
  return {
    id: Number(r.id),
    cluster: r.cluster,
    name: r.name,
    groups: r.groups,
    topics: JSON.parse(r.topics) as string[],
    condition: JSON.parse(r.condition) as AlertCondition,
    forSeconds: r.for_seconds,
    repeatIntervalSeconds: r.repeat_seconds,
    enabled: Boolean(Number(r.enabled)),
    source: r.source === 'file' ? 'file' : 'console',
    channelType: r.channel_type as AlertChannelType,
    secret: JSON.parse(r.channel_secret) as ChannelSecret,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

/** What the browser may see of a channel: scheme and host of a URL, the domains of mail recipients. */
export function redactTarget(type: AlertChannelType, s: ChannelSecret): string {
  if (type === 'email') return s.to?.length ? [...new Set(s.to.map((a) => `…@${a.split('@')[1] ?? ''}`))].join(', ') : 'no recipients';
  if (!s.url) return 'no URL';
  try {
    const u = new URL(s.url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return 'unparseable URL';
  }
}

export function toPublicRule(r: StoredRule, lastTest: DeliveryResult | null = null): AlertRule {
  return {
    id: r.id,
    cluster: r.cluster,
    name: r.name,
    groups: r.groups,
    topics: r.topics,
    condition: r.condition,
    forSeconds: r.forSeconds,
    repeatIntervalSeconds: r.repeatIntervalSeconds,
    enabled: r.enabled,
    source: r.source,
    channel: { type: r.channelType, target: redactTarget(r.channelType, r.secret), configured: Boolean(r.secret.url || r.secret.to?.length) },
    updatedBy: r.updatedBy,
    updatedAt: r.updatedAt,
    lastTest,
  };
}

export async function listRules(cluster: string, h?: DbHandle): Promise<StoredRule[]> {
  return (await selectRules(h ?? (await database()), cluster)).map(fromRow);
}

export async function getRule(cluster: string, id: number, h?: DbHandle): Promise<StoredRule> {
  const { db } = h ?? (await database());
  const row = await db.selectFrom('alert_rules').selectAll().where('cluster', '=', cluster).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFound(`no alert rule ${id} on cluster "${cluster}"`, 'id');
  return fromRow(row);
}

function secretOf(input: AlertRuleParsed, previous?: StoredRule): ChannelSecret {
  const ch = input.channel;
  const kept = previous && previous.channelType === ch.type ? previous.secret : {};
  if (ch.type === 'email') {
    if (!alertSettings().smtpUrl) throw new BadRequest('email needs RIFFLE_SMTP_URL on the server; use a webhook or Slack', 'channel.type');
    const to = ch.to ?? kept.to;
    if (!to?.length) throw new BadRequest('give the recipients', 'channel.to');
    return { to };
  }
  const url = ch.url ?? kept.url;
  if (!url) throw new BadRequest(`give the ${ch.type === 'slack' ? 'Slack incoming-webhook' : 'webhook'} URL`, 'channel.url');
  return { url };
}

function columns(cluster: string, input: AlertRuleParsed, secret: ChannelSecret, actor: string, source: 'console' | 'file') {
  return {
    cluster,
    name: input.name,
    groups: input.groups,
    topics: JSON.stringify(input.topics ?? []),
    condition: JSON.stringify(input.condition),
    for_seconds: input.forSeconds,
    repeat_seconds: input.repeatIntervalSeconds,
    enabled: input.enabled ? 1 : 0,
    source,
    channel_type: input.channel.type,
    channel_secret: JSON.stringify(secret),
    updated_by: actor,
    updated_at: new Date().toISOString(),
  };
}

async function assertNameFree(h: DbHandle, cluster: string, name: string, exceptId?: number): Promise<void> {
  const clash = await h.db.selectFrom('alert_rules').select('id').where('cluster', '=', cluster).where('name', '=', name).executeTakeFirst();
  if (clash && Number(clash.id) !== exceptId) throw new Conflict(`an alert rule named "${name}" exists on this cluster`, 'name');
}

export async function createRule(cluster: string, raw: unknown, actor: string): Promise<StoredRule> {
  const input = alertRuleInput.parse(raw);
  const h = await database();
  await assertNameFree(h, cluster, input.name);
  const secret = secretOf(input);
  const row = await h.db.insertInto('alert_rules').values(columns(cluster, input, secret, actor, 'console')).returning('id').executeTakeFirstOrThrow();
  return getRule(cluster, Number(row.id), h);
}

function assertEditable(r: StoredRule): void {
  if (r.source === 'file') throw new Conflict(`rule "${r.name}" comes from ${alertSettings().rulesFile ?? 'the rules file'}; change it there`, 'id');
}

export async function updateRule(cluster: string, id: number, raw: unknown, actor: string): Promise<StoredRule> {
  const input = alertRuleInput.parse(raw);
  const h = await database();
  const previous = await getRule(cluster, id, h);
  assertEditable(previous);
  await assertNameFree(h, cluster, input.name, id);
  const secret = secretOf(input, previous);
  await h.db.updateTable('alert_rules').set(columns(cluster, input, secret, actor, 'console')).where('id', '=', id).execute();
  // A changed rule starts its episodes afresh; alerts already firing resolve on their own.
  await h.db.updateTable('alert_states').set({ pending_since: null }).where('rule_id', '=', id).execute();
  return getRule(cluster, id, h);
}

export async function deleteRule(cluster: string, id: number): Promise<{ deleted: number }> {
  const h = await database();
  assertEditable(await getRule(cluster, id, h));
  await h.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('alert_rules').where('id', '=', id).execute();
    await trx.deleteFrom('alert_states').where('rule_id', '=', id).execute();
    // History stays; pending notifications of a deleted rule are dropped.
    await trx.updateTable('alert_deliveries').set({ state: 'failed', next_attempt_at: null }).where('rule_id', '=', id).where('state', '=', 'pending').execute();
  });
  return { deleted: id };
}

/**
 * Makes the file's rules the database's `source = 'file'` rules of each cluster: adds and
 * updates them by name, removes those no longer in the file. Idempotent, so every instance
 * may run it at start. A console rule of the same name wins (and the file rule is skipped with a warning).
 */
export async function syncFileRules(h: DbHandle, rules: FileRule[]): Promise<void> {
  // Instances starting together race: each transaction saw no row of a new file rule and both
  // insert it, so the later commit breaks the (cluster, name) key. That one runs again and now
  // finds the rule, which keeps the sync idempotent across instances, not only across restarts.
  for (let attempt = 1; ; attempt++) {
    try {
      await syncOnce(h, rules);
      return;
    } catch (err) {
      if (attempt >= 3 || !isUniqueViolation(err)) throw err;
    }
  }
}

type FileRule = { cluster: string; input: AlertRuleParsed; secret: ChannelSecret };

/** PostgreSQL's 23505 or SQLite's unique-constraint error: another writer inserted the key first. */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

async function syncOnce(h: DbHandle, rules: FileRule[]): Promise<void> {
  await h.db.transaction().execute(async (trx) => {
    const existing = (await trx.selectFrom('alert_rules').selectAll().execute()).map(fromRow);
    const keep = new Set<number>();
    for (const r of rules) {
      const same = existing.find((e) => e.cluster === r.cluster && e.name === r.input.name);
      const values = columns(r.cluster, r.input, r.secret, 'rules file', 'file');
      if (same && same.source === 'console') {
        console.warn(`[riffle] alerts: the rules file's "${r.input.name}" is skipped: a rule of that name was made in the console`);
        continue;
      }
      if (same) {
        keep.add(same.id);
        await trx.updateTable('alert_rules').set(values).where('id', '=', same.id).execute();
      } else {
        await trx.insertInto('alert_rules').values(values).execute();
      }
    }
    const gone = existing.filter((e) => e.source === 'file' && !keep.has(e.id) && !rules.some((r) => r.cluster === e.cluster && r.input.name === e.name));
    for (const e of gone) {
      await trx.deleteFrom('alert_rules').where('id', '=', e.id).execute();
      await trx.deleteFrom('alert_states').where('rule_id', '=', e.id).execute();
    }
  });
}
