import 'server-only';
import { alterQuotaInput, describeEntity, quotaQuery, resolveQuotas, type QuotaEntry, type QuotaKey, type QuotaListResult } from '@/lib/contracts/quotas';
import { alterClientQuotas } from '../kafka/alter-client-quotas';
import { describeClientQuotas } from '../kafka/describe-client-quotas';
import { untilVisible } from './visible';

/** Client quotas of users, client ids, their defaults and combinations. */

const rank = (v: string | null | undefined) => (v === undefined ? '2' : v === null ? '1' : `0${v}`);
const order = (e: QuotaEntry) => `${e.entity.user === undefined ? 1 : 0}${rank(e.entity.user)}\u0000${rank(e.entity.clientId)}`;

export async function listQuotas(cluster: string, query: unknown): Promise<QuotaListResult> {
  const q = quotaQuery.parse(query);
  const entries = (await describeClientQuotas(cluster)).sort((a, b) => order(a).localeCompare(order(b)));
  const applied = q.user || q.clientId ? { user: q.user ?? '', clientId: q.clientId ?? '', quotas: resolveQuotas(entries, q.user ?? '', q.clientId ?? '') } : null;
  return { entries, applied };
}

export async function alterQuota(cluster: string, body: unknown): Promise<{ entity: QuotaEntry['entity']; description: string }> {
  const input = alterQuotaInput.parse(body);
  const set = input.set as Partial<Record<QuotaKey, number>>;
  await alterClientQuotas(cluster, input.entity, set, input.remove);
  const same = (a: string | null | undefined, b: string | null | undefined) => (a === undefined ? b === undefined : a === b);
  await untilVisible(async () => {
    const entry = (await describeClientQuotas(cluster)).find((e) => same(e.entity.user, input.entity.user) && same(e.entity.clientId, input.entity.clientId));
    const values = entry?.values ?? {};
    return Object.entries(set).every(([k, v]) => values[k] === v) && input.remove.every((k) => values[k] === undefined);
  });
  return { entity: input.entity, description: describeEntity(input.entity) };
}
