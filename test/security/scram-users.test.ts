import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScramUser } from '@/lib/contracts/scram-users';
import { api } from '../helpers/api';
import { BOOTSTRAP } from './cluster';
import { C, newPassword, unique, type ErrorBody } from './helpers';
import { asSuperUser, brokerApiVersionsAs, runTool } from './tools';

/** SCRAM users made through the console sign in to Kafka; rotated and deleted ones no longer do. */
const user = unique('bob');
const first = newPassword();
const second = newPassword();

afterAll(async () => {
  await api('DELETE', `${C}/users/${user}`);
});

describe('SCRAM users on the secured cluster', () => {
  it('creates a user: the answer has no password, the list and kafka-configs.sh show its mechanism and iterations', async () => {
    const res = await api<{ user: ScramUser }>('POST', `${C}/users`, { name: user, password: first, mechanism: 'SCRAM-SHA-512', iterations: 4096 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(JSON.stringify(res.body)).not.toContain(first);
    expect(res.body.user).toEqual({ name: user, credentials: [{ mechanism: 'SCRAM-SHA-512', iterations: 4096 }] });

    const list = await api<{ users: ScramUser[] }>('GET', `${C}/users`);
    expect(list.body.users.find((u) => u.name === user)).toEqual(res.body.user);
    expect(list.body.users.map((u) => u.name)).toContain('riffle');

    const tool = await asSuperUser((cfg) =>
      runTool('org.apache.kafka.tools.ConfigCommand', ['--bootstrap-server', BOOTSTRAP, '--command-config', cfg, '--describe', '--entity-type', 'users', '--entity-name', user]),
    );
    expect(tool.stdout).toMatch(new RegExp(`SCRAM credential configs for user-principal '${user}' are SCRAM-SHA-512=iterations=4096`));
  });

  it('the new user authenticates to the broker with its password, not with another', async () => {
    expect((await brokerApiVersionsAs(user, first)).code).toBe(0);
    const wrong = await brokerApiVersionsAs(user, `${first}x`);
    expect(wrong.code).not.toBe(0);
    expect(`${wrong.stdout}${wrong.stderr}`).toMatch(/Authentication failed|SaslAuthenticationException/);
  });

  it('rotating the password: the new one works, the old one no longer does', async () => {
    const res = await api<{ user: ScramUser }>('PUT', `${C}/users/${user}`, { password: second, mechanism: 'SCRAM-SHA-512', iterations: 8192 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.user.credentials).toEqual([{ mechanism: 'SCRAM-SHA-512', iterations: 8192 }]);
    expect((await brokerApiVersionsAs(user, second)).code).toBe(0);
    expect((await brokerApiVersionsAs(user, first)).code).not.toBe(0);
  });

  it('a deleted user can no longer authenticate', async () => {
    const res = await api<{ removed: string[] }>('DELETE', `${C}/users/${user}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.removed).toEqual(['SCRAM-SHA-512']);
    const list = await api<{ users: ScramUser[] }>('GET', `${C}/users`);
    expect(list.body.users.map((u) => u.name)).not.toContain(user);
    const after = await brokerApiVersionsAs(user, second);
    expect(after.code).not.toBe(0);
    expect((await api<ErrorBody>('DELETE', `${C}/users/${user}`)).status).toBe(404);
  });

  it('passwords are in no answer, audit entry or server log', async () => {
    const audit = await api('GET', `${C}/audit?q=${encodeURIComponent(user)}&limit=50`);
    const text = JSON.stringify(audit.body);
    expect(text).toContain('scram-user.create');
    expect(text).toContain('scram-user.rotate-password');
    expect(text).toContain('scram-user.delete');
    for (const p of [first, second]) {
      expect(text).not.toContain(p);
      expect(fs.readFileSync('/tmp/riffle-security-server.log', 'utf8')).not.toContain(p);
    }
  });
});

describe('SCRAM user input and roles', () => {
  const bad = async (body: unknown, field: string) => {
    const res = await api<ErrorBody>('POST', `${C}/users`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.field).toBe(field);
  };
  it('refuses a short password, too few iterations, an empty name, an unknown mechanism, each naming the field', async () => {
    await bad({ name: 'carl', password: 'short' }, 'password');
    await bad({ name: 'carl', password: newPassword(), iterations: 100 }, 'iterations');
    await bad({ name: '', password: newPassword() }, 'name');
    await bad({ name: 'carl', password: newPassword(), mechanism: 'MD5' }, 'mechanism');
  });

  it('a user that exists is a 409; rotating a missing one a 404', async () => {
    const res = await api<ErrorBody>('POST', `${C}/users`, { name: 'riffle', password: newPassword() });
    expect(res.status).toBe(409);
    expect((await api('PUT', `${C}/users/${unique('nobody')}`, { password: newPassword() })).status).toBe(404);
  });

  it('credentials are admin only, reading included', async () => {
    for (const role of ['viewer', 'operator'] as const) {
      expect((await api('GET', `${C}/users`, undefined, {}, role)).status).toBe(403);
      expect((await api('POST', `${C}/users`, { name: 'eve', password: newPassword() }, {}, role)).status).toBe(403);
      expect((await api('DELETE', `${C}/users/riffle`, undefined, {}, role)).status).toBe(403);
    }
  });
});
