import { describe, expect, it } from 'vitest';
import type { AclBinding } from '@/lib/contracts/acls';
import { decideAccess, parseSuperUsers, patternCovers, type AccessContext } from './effective-access';

const acl = (p: Partial<AclBinding>): AclBinding => ({
  principal: 'User:alice',
  host: '*',
  resourceType: 'TOPIC',
  resourceName: 'orders',
  patternType: 'LITERAL',
  operation: 'READ',
  permission: 'ALLOW',
  ...p,
});
const ctx: AccessContext = { principal: 'User:alice', host: '10.0.0.1', resourceType: 'TOPIC', resourceName: 'orders.eu', superUsers: ['User:riffle'], allowEveryoneIfNoAcl: false };
const byOp = (acls: AclBinding[], c = ctx) => Object.fromEntries(decideAccess(acls, c).map((d) => [d.operation, d]));

describe('patternCovers', () => {
  it('literal names, the literal wildcard and prefixes', () => {
    expect(patternCovers(acl({ resourceName: 'orders.eu' }), 'TOPIC', 'orders.eu')).toBe(true);
    expect(patternCovers(acl({ resourceName: '*' }), 'TOPIC', 'orders.eu')).toBe(true);
    expect(patternCovers(acl({ resourceName: 'orders', patternType: 'PREFIXED' }), 'TOPIC', 'orders.eu')).toBe(true);
    expect(patternCovers(acl({ resourceName: 'orders' }), 'TOPIC', 'orders.eu')).toBe(false);
    expect(patternCovers(acl({ resourceName: 'orders', patternType: 'PREFIXED' }), 'GROUP', 'orders.eu')).toBe(false);
  });
});

describe('decideAccess (the StandardAuthorizer rules)', () => {
  it('an ALLOW READ by prefix allows READ and the DESCRIBE it implies, nothing else', () => {
    const d = byOp([acl({ patternType: 'PREFIXED' })]);
    expect(d.READ).toMatchObject({ allowed: true, reason: 'allow-acl' });
    expect(d.DESCRIBE).toMatchObject({ allowed: true, reason: 'allow-acl' });
    expect(d.WRITE).toMatchObject({ allowed: false, reason: 'no-matching-acl' });
    expect(d.DESCRIBE_CONFIGS!.allowed).toBe(false);
  });

  it('DENY wins over ALLOW, and DENY of READ does not deny DESCRIBE', () => {
    const d = byOp([acl({ resourceName: '*', operation: 'ALL' }), acl({ resourceName: 'orders.eu', permission: 'DENY' })]);
    expect(d.READ).toMatchObject({ allowed: false, reason: 'deny-acl' });
    expect(d.DESCRIBE).toMatchObject({ allowed: true, reason: 'allow-acl' });
    expect(d.WRITE!.allowed).toBe(true);
  });

  it('User:* matches every user; another principal or host does not', () => {
    expect(byOp([acl({ principal: 'User:*', resourceName: 'orders.eu' })]).READ!.allowed).toBe(true);
    expect(byOp([acl({ principal: 'User:bob', resourceName: 'orders.eu' })]).READ!.allowed).toBe(false);
    expect(byOp([acl({ host: '10.0.0.2', resourceName: 'orders.eu' })]).READ!.allowed).toBe(false);
    expect(byOp([acl({ host: '10.0.0.1', resourceName: 'orders.eu' })]).READ!.allowed).toBe(true);
  });

  it('ALTER_CONFIGS implies DESCRIBE_CONFIGS', () => {
    expect(byOp([acl({ resourceName: 'orders.eu', operation: 'ALTER_CONFIGS' })]).DESCRIBE_CONFIGS!.allowed).toBe(true);
  });

  it('super users may do anything; allow.everyone.if.no.acl.found only where no ACL names the resource', () => {
    expect(Object.values(byOp([], { ...ctx, principal: 'User:riffle' })).every((d) => d.reason === 'super-user' && d.allowed)).toBe(true);
    expect(byOp([], { ...ctx, allowEveryoneIfNoAcl: true }).WRITE).toMatchObject({ allowed: true, reason: 'no-acl-allowed-by-default' });
    expect(byOp([], ctx).WRITE).toMatchObject({ allowed: false, reason: 'no-acl-denied-by-default' });
    expect(byOp([], { ...ctx, allowEveryoneIfNoAcl: null }).WRITE).toMatchObject({ allowed: null, reason: 'no-acl-default-unknown' });
    // some ACL names the resource (for someone else): the default no longer applies
    expect(byOp([acl({ principal: 'User:bob', resourceName: 'orders.eu' })], { ...ctx, allowEveryoneIfNoAcl: true }).WRITE!.allowed).toBe(false);
  });

  it('reads super.users', () => {
    expect(parseSuperUsers('User:riffle; User:ANONYMOUS')).toEqual(['User:riffle', 'User:ANONYMOUS']);
    expect(parseSuperUsers(null)).toBeNull();
  });
});
