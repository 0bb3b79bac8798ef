import 'server-only';
import { createAclsV1, createAclsV2, createAclsV3 } from '@platformatic/kafka';
import type { AclBinding } from '@/lib/contracts/acls';
import { answerOf, clusterConn, errorName } from './client';
import { OPERATION_CODE, PATTERN_TYPE_CODE, PERMISSION_CODE, RESOURCE_TYPE_CODE } from './acl-codes';
import { KafkaProtocolError } from './kafka-errors';

/** CreateAcls: adds bindings (adding one that exists is a no-op, as in Kafka). */

const CANDIDATES = [createAclsV3.api, createAclsV2.api, createAclsV1.api];

export async function createAcls(clusterId: string, bindings: AclBinding[]): Promise<void> {
  const conn = clusterConn(clusterId);
  const api = await conn.api('CreateAcls', CANDIDATES);
  const creations = bindings.map((b) => ({
    resourceType: RESOURCE_TYPE_CODE[b.resourceType],
    resourceName: b.resourceName,
    resourcePatternType: PATTERN_TYPE_CODE[b.patternType],
    principal: b.principal,
    host: b.host,
    operation: OPERATION_CODE[b.operation],
    permissionType: PERMISSION_CODE[b.permission],
  }));
  const res = await conn.send('admin', (c) => answerOf(api.async(c, creations as never)));
  const failed = res.results.find((r) => r.errorCode !== 0);
  if (failed) throw new KafkaProtocolError(errorName(failed.errorCode), failed.errorMessage);
}
