import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditPage, type AuditEntry } from '@/lib/contracts/audit';
import { api, TEST_USERS } from '../helpers/api';

async function audit(query: string): Promise<AuditEntry[]> {
  const res = await api('GET', `/api/clusters/local/audit?${query}`);
  expect(res.status).toBe(200);
  return auditPage.parse(res.body).entries;
}

describe('audit log', () => {
  it('records a change with who, what, when and outcome, and refused attempts too', async () => {
    const name = `t7-audit-${crypto.randomUUID().slice(0, 8)}`;
    const before = Date.now();
    const made = await api<{ summary: { id: number } }>('POST', '/api/auth/tokens', { name, role: 'viewer' });
    expect(made.status).toBe(201);
    const refused = await api('DELETE', `/api/auth/tokens/${made.body.summary.id}`, undefined, {}, 'viewer');
    expect(refused.status).toBe(403);
    expect((await api('DELETE', `/api/auth/tokens/${made.body.summary.id}`)).status).toBe(200);

    const entries = await audit(`scope=all&q=${name}`);
    const created = entries.find((e) => e.action === 'auth.token-create');
    expect(created).toMatchObject({ actor: TEST_USERS.admin.tokenName, role: 'admin', via: 'token', method: 'POST', path: '/api/auth/tokens', target: name, status: 201, outcome: 'ok', cluster: null });
    expect(Date.parse(created!.at)).toBeGreaterThanOrEqual(before - 1000);
    const revokes = entries.filter((e) => e.action === 'auth.token-revoke');
    expect(revokes.map((e) => [e.actor, e.outcome, e.status])).toEqual([
      [TEST_USERS.admin.tokenName, 'ok', 200],
    ]);
    // the refused attempt has no target name (the guard stopped it before the route ran), so find it by path
    const refusedEntries = (await audit(`scope=all&actor=${encodeURIComponent(TEST_USERS.viewer.tokenName)}&outcome=denied`)).filter((e) => e.path === `/api/auth/tokens/${made.body.summary.id}`);
    expect(refusedEntries).toHaveLength(1);
    expect(refusedEntries[0]).toMatchObject({ role: 'viewer', status: 403, detail: expect.stringContaining('admin role') });
  });

  it('records sign-ins (and failed ones) with the user name', async () => {
    const u = TEST_USERS.viewer;
    expect((await api('POST', '/api/auth/login', { username: u.name, password: u.password }, {}, 'none')).status).toBe(200);
    expect((await api('POST', '/api/auth/login', { username: u.name, password: 'wrong' }, {}, 'none')).status).toBe(401);
    const entries = await audit(`scope=all&action=auth.sign-in&q=${u.name}&limit=5`);
    expect(entries[0]).toMatchObject({ actor: 'anonymous', target: u.name, outcome: 'denied', status: 401 });
    expect(entries[1]).toMatchObject({ actor: u.name, role: 'viewer', via: 'session', target: u.name, outcome: 'ok', status: 200 });
  });

  it('a cluster page shows only that cluster unless scope=all; pages by cursor; bad filters are 400', async () => {
    expect((await audit('limit=50')).every((e) => e.cluster === 'local')).toBe(true);
    const first = await api('GET', '/api/clusters/local/audit?scope=all&limit=2');
    const page = auditPage.parse(first.body);
    expect(page.entries).toHaveLength(2);
    expect(page.nextBefore).toBe(page.entries[1]!.id);
    const next = auditPage.parse((await api('GET', `/api/clusters/local/audit?scope=all&limit=2&before=${page.nextBefore}`)).body);
    expect(next.entries[0]!.id).toBeLessThan(page.nextBefore!);
    for (const q of ['limit=0', 'limit=abc', 'outcome=maybe', 'scope=x', 'unknown=1']) {
      expect((await api('GET', `/api/clusters/local/audit?${q}`)).status, q).toBe(400);
    }
  });
});
