import 'server-only';
import {
  aclFilter,
  createAclInput,
  deleteAclsInput,
  effectiveAccessQuery,
  type AclBinding,
  type AclList,
  type DeleteAclsResult,
  type EffectiveAccess,
} from '@/lib/contracts/acls';
import { clusterConn } from '../kafka/client';
import { createAcls } from '../kafka/create-acls';
import { deleteAcls } from '../kafka/delete-acls';
import { describeAcls } from '../kafka/describe-acls';
import { brokerConfigValues } from '../kafka/describe-configs';
import { decideAccess, parseSuperUsers } from './effective-access';
import { untilVisible } from './visible';

/** ACL administration: list, create, delete by filter (with a preview), effective access. */

const ORDER = (a: AclBinding) => [a.resourceType, a.patternType, a.resourceName, a.principal, a.host, a.operation, a.permission].join('\u0000');
const sorted = (acls: AclBinding[]) => acls.sort((a, b) => ORDER(a).localeCompare(ORDER(b)));

/** One line naming a binding, for the audit log. */
export function describeBinding(a: AclBinding): string {
  return `${a.permission} ${a.principal} ${a.operation} on ${a.resourceType}:${a.patternType === 'PREFIXED' ? `${a.resourceName}*` : a.resourceName} from ${a.host}`;
}

export async function listAcls(cluster: string, query: unknown): Promise<AclList> {
  return { acls: sorted(await describeAcls(cluster, aclFilter.parse(query))) };
}

export async function createAcl(cluster: string, body: unknown): Promise<AclBinding> {
  const acl = createAclInput.parse(body);
  await createAcls(cluster, [acl]);
  await untilVisible(async () => (await describeAcls(cluster, acl)).length > 0);
  return acl;
}

export async function removeAcls(cluster: string, body: unknown): Promise<DeleteAclsResult> {
  const { filter, dryRun } = deleteAclsInput.parse(body);
  // The preview asks DescribeAcls with the very filter DeleteAcls would get, so it lists exactly what would go.
  const acls = dryRun ? await describeAcls(cluster, filter) : await deleteAcls(cluster, filter);
  if (!dryRun && acls.length) await untilVisible(async () => (await describeAcls(cluster, filter)).length === 0);
  return { dryRun, acls: sorted(acls) };
}

export async function effectiveAccessOf(cluster: string, query: unknown): Promise<EffectiveAccess> {
  const q = effectiveAccessQuery.parse(query);
  const resourceName = q.resourceType === 'CLUSTER' ? 'kafka-cluster' : q.resourceName;
  const conn = clusterConn(cluster);
  const [acls, configs] = await Promise.all([
    describeAcls(cluster, { resourceType: q.resourceType, resourceName, patternType: 'MATCH' }),
    conn.adminNode().then((id) => brokerConfigValues(cluster, [id], ['super.users', 'allow.everyone.if.no.acl.found']).then((m) => m.get(id))),
  ]);
  const superUsers = parseSuperUsers(configs?.get('super.users'));
  const allowEveryone = configs?.get('allow.everyone.if.no.acl.found');
  const allowEveryoneIfNoAcl = allowEveryone == null ? null : allowEveryone === 'true';
  const decisions = decideAccess(acls, { principal: q.principal, host: q.host, resourceType: q.resourceType, resourceName, superUsers, allowEveryoneIfNoAcl });
  return {
    principal: q.principal,
    host: q.host,
    resourceType: q.resourceType,
    resourceName,
    superUser: superUsers === null ? null : superUsers.includes(q.principal),
    allowEveryoneIfNoAcl,
    resourceAcls: sorted(acls),
    decisions,
  };
}
