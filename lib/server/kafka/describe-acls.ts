import 'server-only';
import { describeAclsV1, describeAclsV2, describeAclsV3 } from '@platformatic/kafka';
import type { AclBinding, AclFilter, AclOperation, AclPatternType, AclPermission, AclResourceType } from '@/lib/contracts/acls';
import { answerOf, clusterConn, errorName } from './client';
import { OPERATION_CODE, OPERATION_NAME, PATTERN_TYPE_CODE, PATTERN_TYPE_NAME, PERMISSION_CODE, PERMISSION_NAME, RESOURCE_TYPE_CODE, RESOURCE_TYPE_NAME } from './acl-codes';
import { KafkaProtocolError } from './kafka-errors';

/** DescribeAcls: the ACLs a filter matches, as bindings. */

const CANDIDATES = [describeAclsV3.api, describeAclsV2.api, describeAclsV1.api];

/** The wire form of a filter (shared with DeleteAcls). */
export function toWireFilter(f: AclFilter) {
  return {
    resourceType: RESOURCE_TYPE_CODE[f.resourceType ?? 'ANY'],
    resourceName: f.resourceName ?? null,
    resourcePatternType: PATTERN_TYPE_CODE[f.patternType ?? (f.resourceName ? 'LITERAL' : 'ANY')],
    principal: f.principal ?? null,
    host: f.host ?? null,
    operation: OPERATION_CODE[f.operation ?? 'ANY'],
    permissionType: PERMISSION_CODE[f.permission ?? 'ANY'],
  };
}

/** A binding from the wire; codes Kafka adds later come out as UNKNOWN_<n> rather than a crash. */
export function fromWire(a: { resourceType: number; resourceName: string; resourcePatternType: number; principal: string; host: string; operation: number; permissionType: number }): AclBinding {
  return {
    resourceType: (RESOURCE_TYPE_NAME.get(a.resourceType) ?? `UNKNOWN_${a.resourceType}`) as AclResourceType,
    resourceName: a.resourceName,
    patternType: (PATTERN_TYPE_NAME.get(a.resourcePatternType) ?? `UNKNOWN_${a.resourcePatternType}`) as AclPatternType,
    principal: a.principal,
    host: a.host,
    operation: (OPERATION_NAME.get(a.operation) ?? `UNKNOWN_${a.operation}`) as AclOperation,
    permission: (PERMISSION_NAME.get(a.permissionType) ?? `UNKNOWN_${a.permissionType}`) as AclPermission,
  };
}

export async function describeAcls(clusterId: string, filter: AclFilter): Promise<AclBinding[]> {
  const conn = clusterConn(clusterId);
  const api = await conn.api('DescribeAcls', CANDIDATES);
  const res = await conn.send('admin', (c) => answerOf(api.async(c, toWireFilter(filter) as never)));
  if (res.errorCode !== 0) throw new KafkaProtocolError(errorName(res.errorCode), res.errorMessage);
  const out: AclBinding[] = [];
  for (const r of res.resources) {
    for (const a of r.acls) out.push(fromWire({ ...r, ...a }));
  }
  return out;
}
