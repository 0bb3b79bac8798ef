import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config';
import { isLoopbackHost, loadAuthSettings } from './auth-settings';
import { canReadMessages } from './topic-access';
import { globToRegExp } from './topic-patterns';
import { claimAt, groupsOf, roleFromGroups } from './oidc';

const hash = '$2b$10$PJubuxENzjU7sljJW0jCluLZaOf52/zrh7Jv2l9e528UhD3IkLprK';

function fileWith(text: string): string {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 't7-auth-')), 'auth.yaml');
  fs.writeFileSync(f, text);
  return f;
}

describe('loadAuthSettings', () => {
  it('is on by default', () => {
    expect(loadAuthSettings({}).enabled).toBe(true);
  });

  it('turns off only on loopback', () => {
    expect(loadAuthSettings({ RIFFLE_AUTH: 'off', HOST: '127.0.0.1' }).enabled).toBe(false);
    expect(loadAuthSettings({ RIFFLE_AUTH: 'off', HOST: '::1' }).enabled).toBe(false);
    expect(() => loadAuthSettings({ RIFFLE_AUTH: 'off', HOST: '0.0.0.0' })).toThrow(/only when listening on loopback/);
    expect(() => loadAuthSettings({ RIFFLE_AUTH: 'maybe' })).toThrow(ConfigError);
  });

  it('reads users and tokens from the environment', () => {
    const s = loadAuthSettings({ RIFFLE_USERS: `ann:admin:${hash}, bob:viewer:${hash}`, RIFFLE_TOKENS: `ci:operator:${'a'.repeat(64)}` });
    expect(s.users.map((u) => [u.name, u.role])).toEqual([['ann', 'admin'], ['bob', 'viewer']]);
    expect(s.tokens[0]).toMatchObject({ name: 'ci', role: 'operator' });
  });

  it('refuses plain-text passwords, bad roles and duplicate users, naming the setting', () => {
    expect(() => loadAuthSettings({ RIFFLE_USERS: 'ann:admin:secret' })).toThrow(/RIFFLE_USERS\[0\].*bcrypt/);
    expect(() => loadAuthSettings({ RIFFLE_USERS: `ann:root:${hash}` })).toThrow(/RIFFLE_USERS\[0\]/);
    expect(() => loadAuthSettings({ RIFFLE_USERS: `ann:admin:${hash},ann:viewer:${hash}` })).toThrow(/listed twice/);
    expect(() => loadAuthSettings({ RIFFLE_ADMIN_TOKEN: 'short' })).toThrow(/RIFFLE_ADMIN_TOKEN/);
    expect(() => loadAuthSettings({ RIFFLE_SESSION_SECRET: 'short' })).toThrow(/RIFFLE_SESSION_SECRET/);
  });

  it('reads a file with topic access, masking and OIDC', () => {
    const f = fileWith(`
users: [{ name: ann, role: admin, passwordHash: "${hash}" }]
topicAccess: [{ topics: "pay*", roles: [admin] }]
masking: [{ topics: [pay*], path: "$.card.number" }, { topics: "x", regex: "\\\\d+" }]
oidc: { issuer: "https://id.example.com", clientId: riffle, clientSecretEnv: OIDC_SECRET, roles: { admin: [ops] } }
`);
    const s = loadAuthSettings({ RIFFLE_AUTH_FILE: f, OIDC_SECRET: 's' });
    expect(s.topicAccess[0]!.topics).toEqual(['pay*']);
    expect(s.masking).toHaveLength(2);
    expect(s.oidc).toMatchObject({ clientId: 'riffle', clientSecret: 's', defaultRole: 'none' });
    expect(() => loadAuthSettings({ RIFFLE_AUTH_FILE: f })).toThrow(/OIDC_SECRET/);
    expect(s.oidc).toMatchObject({ groupsClaim: 'groups', scopes: 'openid profile email', label: 'Sign in with SSO' });
  });

  it('takes an https issuer, or plain http only on a loopback host', () => {
    const withIssuer = (issuer: string) => loadAuthSettings({ RIFFLE_AUTH_FILE: fileWith(`oidc: { issuer: "${issuer}", clientId: riffle }`) });
    expect(withIssuer('https://id.example.com/realms/ops').oidc?.issuer).toBe('https://id.example.com/realms/ops');
    expect(withIssuer('http://127.0.0.1:8080').oidc?.issuer).toBe('http://127.0.0.1:8080');
    expect(withIssuer('http://localhost:8080/realms/dev').oidc?.issuer).toBe('http://localhost:8080/realms/dev');
    expect(() => withIssuer('http://id.example.com')).toThrow(/oidc\.issuer.*https:\/\//);
    expect(() => withIssuer('ftp://127.0.0.1')).toThrow(/oidc\.issuer/);
    expect(() => loadAuthSettings({ RIFFLE_AUTH_FILE: fileWith('oidc: { issuer: "https://id.example.com", clientId: riffle, defaultRole: root }') })).toThrow(/oidc\.defaultRole/);
  });

  it('refuses bad masking rules with the path to the problem', () => {
    expect(() => loadAuthSettings({ RIFFLE_AUTH_FILE: fileWith('masking: [{ topics: x, regex: "(" }]') })).toThrow(/masking\.0\.regex/);
    expect(() => loadAuthSettings({ RIFFLE_AUTH_FILE: fileWith('masking: [{ topics: x }]') })).toThrow(/give path or regex/);
    expect(() => loadAuthSettings({ RIFFLE_AUTH_FILE: fileWith('masking: [{ topics: x, path: "card" }]') })).toThrow(/JSON path/);
    expect(() => loadAuthSettings({ RIFFLE_AUTH_FILE: fileWith('unknown: 1') })).toThrow(ConfigError);
  });
});

describe('helpers', () => {
  it('isLoopbackHost', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', 'example.com', '::', '127.0.0.1.evil.com'].some(isLoopbackHost)).toBe(false);
  });

  it('globToRegExp treats only * and ? as wildcards', () => {
    expect(globToRegExp('pay.*').test('pay.eu')).toBe(true);
    expect(globToRegExp('pay.*').test('payXeu')).toBe(false);
    expect(globToRegExp('a?c').test('abc')).toBe(true);
    expect(globToRegExp('a(b)').test('a(b)')).toBe(true);
  });

  it('canReadMessages: a matching rule admits only its roles and users', () => {
    const rules = [{ topics: ['secret-*'], roles: ['admin' as const], users: ['ops-bot'] }];
    expect(canReadMessages({ name: 'v', role: 'viewer', via: 'session' }, 'secret-x', rules)).toBe(false);
    expect(canReadMessages({ name: 'ops-bot', role: 'viewer', via: 'token' }, 'secret-x', rules)).toBe(true);
    expect(canReadMessages({ name: 'a', role: 'admin', via: 'session' }, 'secret-x', rules)).toBe(true);
    expect(canReadMessages({ name: 'v', role: 'viewer', via: 'session' }, 'public', rules)).toBe(true);
  });

  it('roleFromGroups picks the highest role granted, else the default', () => {
    const o = { roles: { admin: ['ops'], operator: ['dev'], viewer: [] }, defaultRole: 'none' as const };
    expect(roleFromGroups(o, ['dev', 'ops'])).toBe('admin');
    expect(roleFromGroups(o, ['dev'])).toBe('operator');
    expect(roleFromGroups(o, ['x'])).toBeNull();
    expect(roleFromGroups({ ...o, defaultRole: 'viewer' }, [])).toBe('viewer');
  });

  it('claimAt reads a claim or a dotted path; groupsOf takes a list or one string', () => {
    const claims = { groups: ['a'], realm_access: { roles: ['ops', 'dev'] }, 'odd.name': 'x', role: 'ops' };
    expect(claimAt(claims, 'groups')).toEqual(['a']);
    expect(claimAt(claims, 'realm_access.roles')).toEqual(['ops', 'dev']);
    expect(claimAt(claims, 'odd.name')).toBe('x');
    expect(claimAt(claims, 'realm_access.missing')).toBeUndefined();
    expect(claimAt(claims, 'groups.0')).toBeUndefined();
    expect(groupsOf(['a', 1])).toEqual(['a', '1']);
    expect(groupsOf('ops')).toEqual(['ops']);
    expect(groupsOf(undefined)).toEqual([]);
    expect(groupsOf({ a: 1 })).toEqual([]);
  });
});
