import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AclBinding, DeleteAclsResult, EffectiveAccess } from '@/lib/contracts/acls';
import { api } from '../helpers/api';
import { C, createAcl, createUser, newPassword, topicWith, unique, type ErrorBody } from './helpers';
import { aclCommandList, consumeAs } from './tools';

/**
 * ACLs made through the console are the cluster's ACLs: Kafka's own AclCommand lists exactly
 * them, and a client authenticated as the principal is refused before and served after.
 */
const prefix = unique('sec-acl');
const topic = `${prefix}.orders`;
const group = unique('sec-acl-group');
const user = unique('alice');
const principal = `User:${user}`;
const password = newPassword();
const values = ['one', 'two', 'three'];

const key = (a: Record<keyof AclBinding, string>) => [a.resourceType, a.resourceName, a.patternType, a.principal, a.host, a.operation, a.permission].join('|');

beforeAll(async () => {
  await topicWith(topic, values);
  await createUser(user, password);
});

afterAll(async () => {
  await api('DELETE', `${C}/acls`, { filter: { principal } });
  await api('DELETE', `${C}/users/${user}`);
  await api('DELETE', `${C}/topics/${topic}`);
});

describe('ACLs on the secured cluster', () => {
  it('a principal with no ACL is refused by the broker', async () => {
    const res = await consumeAs(user, password, topic, group, values.length, 30_000);
    expect(res.stdout.trim()).toBe('');
    expect(`${res.stdout}${res.stderr}`).toMatch(/not authorized|AuthorizationException/i);
  });

  it('creates ACLs that AclCommand --list shows identically, and they take effect', async () => {
    await createAcl({ principal, resourceType: 'TOPIC', resourceName: prefix, patternType: 'PREFIXED', operation: 'READ', permission: 'ALLOW', host: '*' });
    await createAcl({ principal, resourceType: 'GROUP', resourceName: group, patternType: 'LITERAL', operation: 'READ', permission: 'ALLOW', host: '*' });

    const listed = await api<{ acls: AclBinding[] }>('GET', `${C}/acls?principal=${encodeURIComponent(principal)}`);
    expect(listed.status).toBe(200);
    const tool = await aclCommandList(['--principal', principal]);
    expect(listed.body.acls.map(key).sort()).toEqual(tool.map(key).sort());
    expect(tool.map(key).sort()).toEqual(
      [
        { resourceType: 'TOPIC', resourceName: prefix, patternType: 'PREFIXED', principal, host: '*', operation: 'READ', permission: 'ALLOW' },
        { resourceType: 'GROUP', resourceName: group, patternType: 'LITERAL', principal, host: '*', operation: 'READ', permission: 'ALLOW' },
      ]
        .map(key)
        .sort(),
    );

    const res = await consumeAs(user, password, topic, group, values.length, 30_000);
    expect(res.stdout.trim().split('\n')).toEqual(values);
  });

  it('filters: the topic page asks for the ACLs that apply to one topic (literal, wildcard and prefixes)', async () => {
    const res = await api<{ acls: AclBinding[] }>('GET', `${C}/acls?resourceType=TOPIC&resourceName=${encodeURIComponent(topic)}&patternType=MATCH`);
    expect(res.status).toBe(200);
    expect(res.body.acls.filter((a) => a.principal === principal).map((a) => `${a.patternType}:${a.resourceName}:${a.operation}`)).toEqual([`PREFIXED:${prefix}:READ`]);
    const other = await api<{ acls: AclBinding[] }>('GET', `${C}/acls?resourceType=TOPIC&resourceName=unrelated-topic&patternType=MATCH`);
    expect(other.body.acls.filter((a) => a.principal === principal)).toEqual([]);
  });

  it('effective access: READ and the DESCRIBE it implies are allowed by the prefixed ACL, WRITE is not', async () => {
    const q = new URLSearchParams({ principal, resourceType: 'TOPIC', resourceName: topic });
    const res = await api<EffectiveAccess>('GET', `${C}/acls/effective?${q}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const d = Object.fromEntries(res.body.decisions.map((x) => [x.operation, x]));
    expect(d.READ).toMatchObject({ allowed: true, reason: 'allow-acl' });
    expect(d.READ!.acls.map((a) => a.resourceName)).toEqual([prefix]);
    expect(d.DESCRIBE).toMatchObject({ allowed: true, reason: 'allow-acl' });
    expect(d.WRITE).toMatchObject({ allowed: false, reason: 'no-matching-acl' });
    // Kafka 4.4 answers DescribeConfigs for super.users and allow.everyone.if.no.acl.found without a
    // value (settings of the authorizer, not of the broker, read as sensitive): the view says it can't know.
    expect(res.body.superUser).toBeNull();
    expect(res.body.allowEveryoneIfNoAcl).toBeNull();
    const elsewhere = await api<EffectiveAccess>('GET', `${C}/acls/effective?${new URLSearchParams({ principal, resourceType: 'TOPIC', resourceName: unique('no-acl-topic') })}`);
    expect(elsewhere.body.decisions.map((x) => [x.allowed, x.reason])).toContainEqual([null, 'no-acl-default-unknown']);
  });

  it('delete by filter: the preview lists what would go and removes nothing; then it goes, and access with it', async () => {
    const preview = await api<DeleteAclsResult>('DELETE', `${C}/acls`, { filter: { principal }, dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.acls).toHaveLength(2);
    expect(await aclCommandList(['--principal', principal])).toHaveLength(2);

    // one, by its exact binding
    const one = await api<DeleteAclsResult>('DELETE', `${C}/acls`, {
      filter: { principal, resourceType: 'GROUP', resourceName: group, patternType: 'LITERAL', operation: 'READ', permission: 'ALLOW', host: '*' },
    });
    expect(one.body.acls.map((a) => a.resourceType)).toEqual(['GROUP']);
    const rest = await api<DeleteAclsResult>('DELETE', `${C}/acls`, { filter: { principal } });
    expect(rest.body.acls.map(key)).toEqual(preview.body.acls.filter((a) => a.resourceType === 'TOPIC').map(key));
    expect(await aclCommandList(['--principal', principal])).toEqual([]);

    const res = await consumeAs(user, password, topic, group, values.length, 30_000);
    expect(res.stdout.trim()).toBe('');
  });

  it('every change is audited, with the binding it made', async () => {
    const res = await api<{ entries: { action: string; target: string | null; outcome: string }[] }>('GET', `${C}/audit?q=${encodeURIComponent(user)}&limit=50`);
    const actions = res.body.entries.map((e) => e.action);
    expect(actions).toContain('acl.create');
    expect(actions).toContain('acl.delete');
    expect(res.body.entries.find((e) => e.action === 'acl.create')!.target).toContain(principal);
  });
});

describe('ACL input and roles', () => {
  const good = { principal: 'User:x', resourceType: 'TOPIC', resourceName: 'x', patternType: 'LITERAL', operation: 'READ', permission: 'ALLOW', host: '*' };
  const bad = async (body: unknown, field: string) => {
    const res = await api<ErrorBody>('POST', `${C}/acls`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.field).toBe(field);
    return res.body.error.message;
  };

  it('an operation the resource type does not have is a 400 naming operation', async () => {
    expect(await bad({ ...good, resourceType: 'GROUP', operation: 'WRITE' }, 'operation')).toMatch(/WRITE is not an operation of GROUP/);
    expect(await bad({ ...good, operation: 'FLY' }, 'operation')).toBeTruthy();
  });

  it('an empty or malformed principal is a 400 naming principal', async () => {
    expect(await bad({ ...good, principal: '' }, 'principal')).toMatch(/cannot be empty/);
    expect(await bad({ ...good, principal: 'alice' }, 'principal')).toMatch(/User:alice/);
  });

  it('a filter naming nothing cannot delete every ACL', async () => {
    const res = await api<ErrorBody>('DELETE', `${C}/acls`, { filter: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('filter');
  });

  it('viewers read ACLs and effective access but change nothing', async () => {
    expect((await api('GET', `${C}/acls`, undefined, {}, 'viewer')).status).toBe(200);
    expect((await api('GET', `${C}/acls/effective?principal=User:x&resourceType=TOPIC&resourceName=x`, undefined, {}, 'viewer')).status).toBe(200);
    expect((await api('POST', `${C}/acls`, good, {}, 'viewer')).status).toBe(403);
    expect((await api('POST', `${C}/acls`, good, {}, 'operator')).status).toBe(403);
    expect((await api('DELETE', `${C}/acls`, { filter: { principal: 'User:x' } }, {}, 'viewer')).status).toBe(403);
  });
});
