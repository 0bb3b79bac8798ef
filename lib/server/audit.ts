import 'server-only';
import type { AuditEntry, AuditOutcome, AuditPage, AuditQuery } from '@/lib/contracts/audit';
import { authSettings } from './auth/auth-settings';
import type { Principal } from './auth/principal';
import { listClusterConfigs } from './clusters';
import { database, type DbHandle } from './db/db';
import { clusterConn } from './kafka/client';
import { produceRecords } from './kafka/produce';
import { topicLayout } from './kafka/topic-layout';
import { partitionForKey } from './messages/partition-for-key';
import { singleton } from './singleton';

/**
 * The audit log: who did what, when, and how it ended. `handle()` records every mutation
 * (and, with RIFFLE_AUDIT_READS=1, every message read) by itself; other server code calls
 * recordAudit() for events no route sees (a pipeline action, a scheduled job).
 * Entries go to the database and, with RIFFLE_AUDIT_TOPIC, to a Kafka topic as JSON.
 */
export interface AuditEvent {
  principal: Pick<Principal, 'name' | 'via' | 'role'> | null;
  /** What was done, e.g. "DELETE /api/clusters/{cluster}/topics/{topic}" or "auth.sign-in". */
  action: string;
  method: string;
  path: string;
  cluster?: string | null;
  /** The thing acted on (topic, group, user, token). */
  target?: string | null;
  status: number;
  outcome?: AuditOutcome;
  /** Why it was refused or failed; never a secret. */
  detail?: string | null;
  ip?: string | null;
}

export function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'ok';
  if (status === 401 || status === 403 || status === 429) return 'denied';
  return 'failed';
}

const clip = (s: string | null | undefined, n: number) => (s == null ? null : s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Records one event. Never throws: a broken audit sink is logged, not turned into a failed request. */
export async function recordAudit(e: AuditEvent, handle?: DbHandle): Promise<void> {
  const row = {
    at: new Date().toISOString(),
    actor: clip(e.principal?.name ?? 'anonymous', 200)!,
    via: e.principal?.via ?? 'none',
    role: e.principal?.role ?? null,
    action: clip(e.action, 200)!,
    method: clip(e.method, 10)!,
    path: clip(e.path, 2000)!,
    cluster: clip(e.cluster ?? null, 100),
    target: clip(e.target ?? null, 500),
    status: e.status,
    outcome: e.outcome ?? outcomeOf(e.status),
    detail: clip(e.detail ?? null, 2000),
    ip: clip(e.ip ?? null, 100),
  };
  try {
    const { db } = handle ?? (await database());
    await db.insertInto('riffle_audit').values(row).execute();
  } catch (err) {
    console.error(`[riffle] audit: could not store an entry for ${row.method} ${row.path}: ${(err as Error).message}`);
  }
  const topic = handle ? undefined : authSettings().auditTopic;
  if (topic) void sendToKafka(topic, row);
}

const g = singleton('riffle:audit', (): { riffleAuditPrunedAt?: number } => ({}));

/**
 * Deletes refused anonymous entries older than RIFFLE_AUDIT_ANONYMOUS_RETENTION_DAYS, at most
 * once a minute per process. Entries of signed-in callers are kept: their history is the
 * point of the log; anonymous refusals are noise anyone can make.
 */
export async function pruneAnonymousAudit(handle?: DbHandle): Promise<void> {
  const now = Date.now();
  if (!handle && (g.riffleAuditPrunedAt ?? 0) > now - 60_000) return;
  g.riffleAuditPrunedAt = now;
  const before = new Date(now - authSettings().anonymousAuditRetentionDays * 86_400_000).toISOString();
  try {
    const { db } = handle ?? (await database());
    await db.deleteFrom('riffle_audit').where('actor', '=', 'anonymous').where('via', '=', 'none').where('outcome', '=', 'denied').where('at', '<', before).execute();
  } catch (err) {
    console.error(`[riffle] audit: could not delete old anonymous entries: ${(err as Error).message}`);
  }
}

async function sendToKafka(topic: string, row: Record<string, unknown>): Promise<void> {
  try {
    const cluster = authSettings().auditCluster ?? listClusterConfigs()[0]!.id;
    // Keyed by actor on the partition the Java client would choose, so one actor's entries stay in order.
    const key = Buffer.from(String(row.actor), 'utf8');
    const { leaders } = await topicLayout(clusterConn(cluster), topic);
    const partition = partitionForKey(key, leaders.size);
    await produceRecords(cluster, topic, [{ partition, key, value: Buffer.from(JSON.stringify(row), 'utf8') }]);
  } catch (err) {
    console.error(`[riffle] audit: could not write to Kafka topic ${topic}: ${(err as Error).message}`);
  }
}

/** Newest first, filtered; a cluster's page shows its own entries (and console-wide ones with scope=all). */
export async function listAudit(cluster: string, q: AuditQuery, handle?: DbHandle): Promise<AuditPage> {
  const { db } = handle ?? (await database());
  let query = db.selectFrom('riffle_audit').selectAll();
  query = q.scope === 'all' ? query.where((eb) => eb.or([eb('cluster', '=', cluster), eb('cluster', 'is', null)])) : query.where('cluster', '=', cluster);
  if (q.actor) query = query.where('actor', '=', q.actor);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.outcome) query = query.where('outcome', '=', q.outcome);
  if (q.q) {
    const like = `%${q.q}%`; // % and _ typed by the user act as wildcards, which is harmless here
    query = query.where((eb) =>
      eb.or([
        eb('path', 'like', eb.val(like)),
        eb('target', 'like', eb.val(like)),
        eb('detail', 'like', eb.val(like)),
        eb('actor', 'like', eb.val(like)),
      ]),
    );
  }
  if (q.before) query = query.where('id', '<', q.before);
  const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute();
  const entries: AuditEntry[] = rows.slice(0, q.limit).map((r) => ({
    id: Number(r.id),
    at: r.at,
    actor: r.actor,
    via: r.via,
    role: r.role,
    action: r.action,
    method: r.method,
    path: r.path,
    cluster: r.cluster,
    target: r.target,
    status: Number(r.status),
    outcome: r.outcome as AuditOutcome,
    detail: r.detail,
  }));
  return { entries, nextBefore: rows.length > q.limit ? entries[entries.length - 1]!.id : null };
}
