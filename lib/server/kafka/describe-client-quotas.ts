import 'server-only';
import { describeClientQuotasV0, describeClientQuotasV1 } from '@platformatic/kafka';
import type { QuotaEntry } from '@/lib/contracts/quotas';
import { answerOf, clusterConn, errorName } from './client';
import { KafkaProtocolError } from './kafka-errors';

/** DescribeClientQuotas: every user/client-id quota entity and its values (IP quotas left out). */

const CANDIDATES = [describeClientQuotasV1.api, describeClientQuotasV0.api];

export async function describeClientQuotas(clusterId: string): Promise<QuotaEntry[]> {
  const conn = clusterConn(clusterId);
  const api = await conn.api('DescribeClientQuotas', CANDIDATES);
  // No components, not strict: every entity that has any quota.
  const res = await conn.send('admin', (c) => answerOf(api.async(c, [], false)));
  if (res.errorCode !== 0) throw new KafkaProtocolError(errorName(res.errorCode), res.errorMessage);
  const out: QuotaEntry[] = [];
  for (const e of res.entries ?? []) {
    if (e.entity.some((p) => p.entityType !== 'user' && p.entityType !== 'client-id')) continue;
    const entity: QuotaEntry['entity'] = {};
    for (const p of e.entity) {
      if (p.entityType === 'user') entity.user = p.entityName ?? null;
      else entity.clientId = p.entityName ?? null;
    }
    out.push({ entity, values: Object.fromEntries(e.values.map((v) => [v.key, v.value])) });
  }
  return out;
}
