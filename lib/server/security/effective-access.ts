import 'server-only';
import { operationsFor, type AccessDecision, type AclBinding, type AclOperation, type AclResourceType } from '@/lib/contracts/acls';

/**
 * The StandardAuthorizer's decision, re-derived from the ACLs so an operator can see *why*
 * (org.apache.kafka.metadata.authorizer.StandardAuthorizerData): super users may do anything;
 * a matching DENY wins; else a matching ALLOW (where READ/WRITE/DELETE/ALTER imply DESCRIBE and
 * ALTER_CONFIGS implies DESCRIBE_CONFIGS); a resource no ACL names at all falls to
 * allow.everyone.if.no.acl.found; anything else is denied.
 */

const IMPLIES: Partial<Record<AclOperation, AclOperation[]>> = {
  DESCRIBE: ['READ', 'WRITE', 'DELETE', 'ALTER'],
  DESCRIBE_CONFIGS: ['ALTER_CONFIGS'],
};

/** Does the ACL's resource pattern cover this resource (literal name, the literal *, or a prefix)? */
export function patternCovers(acl: Pick<AclBinding, 'resourceType' | 'resourceName' | 'patternType'>, type: AclResourceType, name: string): boolean {
  if (acl.resourceType !== type) return false;
  if (acl.patternType === 'LITERAL') return acl.resourceName === name || acl.resourceName === '*';
  if (acl.patternType === 'PREFIXED') return name.startsWith(acl.resourceName);
  return false;
}

function principalMatches(aclPrincipal: string, principal: string): boolean {
  return aclPrincipal === principal || (aclPrincipal === 'User:*' && principal.startsWith('User:'));
}

export interface AccessContext {
  principal: string;
  host: string;
  resourceType: AclResourceType;
  resourceName: string;
  /** null: unknown (the broker keeps super.users to itself). */
  superUsers: string[] | null;
  /** null: unknown. */
  allowEveryoneIfNoAcl: boolean | null;
}

export function decideAccess(acls: AclBinding[], ctx: AccessContext): AccessDecision[] {
  const onResource = acls.filter((a) => patternCovers(a, ctx.resourceType, ctx.resourceName));
  const mine = onResource.filter((a) => principalMatches(a.principal, ctx.principal) && (a.host === '*' || a.host === ctx.host));
  const superUser = ctx.superUsers?.includes(ctx.principal) ?? false;
  return operationsFor(ctx.resourceType)
    .filter((op) => op !== 'ALL')
    .map((operation): AccessDecision => {
      if (superUser) return { operation, allowed: true, reason: 'super-user', acls: [] };
      const denying = mine.filter((a) => a.permission === 'DENY' && (a.operation === operation || a.operation === 'ALL'));
      if (denying.length) return { operation, allowed: false, reason: 'deny-acl', acls: denying };
      const grants = [operation, 'ALL', ...(IMPLIES[operation] ?? [])];
      const allowing = mine.filter((a) => a.permission === 'ALLOW' && grants.includes(a.operation));
      if (allowing.length) return { operation, allowed: true, reason: 'allow-acl', acls: allowing };
      if (onResource.length === 0) {
        if (ctx.allowEveryoneIfNoAcl === null) return { operation, allowed: null, reason: 'no-acl-default-unknown', acls: [] };
        return ctx.allowEveryoneIfNoAcl
          ? { operation, allowed: true, reason: 'no-acl-allowed-by-default', acls: [] }
          : { operation, allowed: false, reason: 'no-acl-denied-by-default', acls: [] };
      }
      return { operation, allowed: false, reason: 'no-matching-acl', acls: [] };
    });
}

/** super.users as the broker reports it: "User:a;User:b"; null when it gives no value. */
export function parseSuperUsers(value: string | null | undefined): string[] | null {
  if (value == null) return null;
  return value
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}
