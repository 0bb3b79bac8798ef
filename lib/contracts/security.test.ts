import { describe, expect, it } from 'vitest';
import { aclBinding, deleteAclsInput } from './acls';
import { alterQuotaInput, resolveQuotas, type QuotaEntry } from './quotas';
import { createScramUserInput } from './scram-users';

const firstIssue = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => r.error?.issues[0];

describe('acl contracts', () => {
  const good = { principal: 'User:a', resourceType: 'TOPIC', resourceName: 'x', operation: 'READ' };
  it('defaults host, pattern and permission', () => {
    expect(aclBinding.parse(good)).toEqual({ ...good, host: '*', patternType: 'LITERAL', permission: 'ALLOW' });
  });
  it('names the field of each mistake', () => {
    expect(firstIssue(aclBinding.safeParse({ ...good, resourceType: 'GROUP', operation: 'WRITE' }))?.path).toEqual(['operation']);
    expect(firstIssue(aclBinding.safeParse({ ...good, principal: '' }))?.path).toEqual(['principal']);
    expect(firstIssue(aclBinding.safeParse({ ...good, resourceType: 'CLUSTER', resourceName: 'x', operation: 'ALTER' }))?.path).toEqual(['resourceName']);
    expect(firstIssue(deleteAclsInput.safeParse({ filter: {} }))?.path).toEqual(['filter']);
  });
});

describe('quota contracts', () => {
  it('refuses negative and fractional byte rates, by field', () => {
    expect(firstIssue(alterQuotaInput.safeParse({ entity: { user: 'a' }, set: { producer_byte_rate: -1 } }))?.path).toEqual(['set', 'producer_byte_rate']);
    expect(firstIssue(alterQuotaInput.safeParse({ entity: { user: 'a' }, set: { consumer_byte_rate: 1.5 } }))?.path).toEqual(['set', 'consumer_byte_rate']);
    expect(alterQuotaInput.safeParse({ entity: { user: 'a' }, set: { request_percentage: 12.5 } }).success).toBe(true);
  });

  it('resolves quotas in Kafka precedence order, per key', () => {
    const entries: QuotaEntry[] = [
      { entity: { clientId: null }, values: { producer_byte_rate: 1, consumer_byte_rate: 1, request_percentage: 1 } },
      { entity: { clientId: 'app' }, values: { producer_byte_rate: 2 } },
      { entity: { user: null }, values: { consumer_byte_rate: 3 } },
      { entity: { user: 'u' }, values: { request_percentage: 4 } },
      { entity: { user: 'u', clientId: null }, values: { producer_byte_rate: 5 } },
    ];
    const r = Object.fromEntries(resolveQuotas(entries, 'u', 'app').map((q) => [q.key, [q.value, q.from]]));
    expect(r.producer_byte_rate).toEqual([5, { user: 'u', clientId: null }]);
    expect(r.consumer_byte_rate).toEqual([3, { user: null }]);
    expect(r.request_percentage).toEqual([4, { user: 'u' }]);
    expect(r.controller_mutation_rate).toEqual([null, null]);
    // another user falls through to the default user, then client entities
    const other = Object.fromEntries(resolveQuotas(entries, 'v', 'app').map((q) => [q.key, q.value]));
    expect(other).toMatchObject({ producer_byte_rate: 2, consumer_byte_rate: 3, request_percentage: 1 });
  });
});

describe('scram contracts', () => {
  it('defaults to SCRAM-SHA-512 with 8192 iterations and bounds iterations as Kafka does', () => {
    expect(createScramUserInput.parse({ name: 'a', password: 'password1' })).toMatchObject({ mechanism: 'SCRAM-SHA-512', iterations: 8192 });
    expect(firstIssue(createScramUserInput.safeParse({ name: 'a', password: 'password1', iterations: 20000 }))?.path).toEqual(['iterations']);
  });
});
