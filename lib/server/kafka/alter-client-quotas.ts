import 'server-only';
import { alterClientQuotasV0, alterClientQuotasV1 } from '@platformatic/kafka';
import type { QuotaEntity, QuotaKey } from '@/lib/contracts/quotas';
import { answerOf, clusterConn, errorName } from './client';
import { KafkaProtocolError } from './kafka-errors';

/** AlterClientQuotas: sets and removes keys of one user/client-id entity. */

const CANDIDATES = [alterClientQuotasV1.api, alterClientQuotasV0.api];

export async function alterClientQuotas(clusterId: string, entity: QuotaEntity, set: Partial<Record<QuotaKey, number>>, remove: QuotaKey[]): Promise<void> {
  const conn = clusterConn(clusterId);
  const api = await conn.api('AlterClientQuotas', CANDIDATES);
  const entities: { entityType: string; entityName: string | null }[] = [];
  // entityName null is Kafka's default entity
  if (entity.user !== undefined) entities.push({ entityType: 'user', entityName: entity.user });
  if (entity.clientId !== undefined) entities.push({ entityType: 'client-id', entityName: entity.clientId });
  const ops = [
    ...Object.entries(set).map(([key, value]) => ({ key, value, remove: false })),
    ...remove.map((key) => ({ key, remove: true })),
  ];
  const res = await conn.send('admin', (c) => answerOf(api.async(c, [{ entities, ops }] as never, false)));
  const failed = res.entries.find((e) => e.errorCode !== 0);
  if (failed) throw new KafkaProtocolError(errorName(failed.errorCode), failed.errorMessage);
}
