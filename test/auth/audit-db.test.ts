import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditQuery } from '@/lib/contracts/audit';
import { listAudit, recordAudit } from '@/lib/server/audit';
import { openDatabase, type DbHandle } from '@/lib/server/db/db';
import { eachDatabase } from '../helpers/pg';

// The audit log's queries on both databases (the console's own server uses one of them).
describe.each(eachDatabase('t7-audit-db'))('audit log on %s', (_dialect, options) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openDatabase(options());
    const who = { name: 'ana', role: 'admin' as const, via: 'session' as const };
    for (let i = 0; i < 5; i++) {
      await recordAudit({ principal: who, action: 'DELETE /api/clusters/{cluster}/topics/{topic}', method: 'DELETE', path: `/api/clusters/local/topics/t7-${i}`, cluster: 'local', target: `t7-${i}`, status: i === 4 ? 403 : 200 }, h);
    }
    await recordAudit({ principal: null, action: 'auth.sign-in', method: 'POST', path: '/api/auth/login', target: 'bob', status: 401, detail: 'wrong user name or password' }, h);
    await recordAudit({ principal: who, action: 'POST /api/clusters/{cluster}/topics', method: 'POST', path: '/api/clusters/other/topics', cluster: 'other', status: 201 }, h);
  });
  afterAll(async () => {
    await h.close();
  });

  const list = (q: Record<string, string>) => listAudit('local', auditQuery.parse(q), h);

  it('lists newest first, this cluster only by default, console-wide events with scope=all', async () => {
    const page = await list({});
    expect(page.entries.map((e) => e.target)).toEqual(['t7-4', 't7-3', 't7-2', 't7-1', 't7-0']);
    expect(page.entries[0]).toMatchObject({ outcome: 'denied', status: 403, actor: 'ana', role: 'admin', via: 'session', cluster: 'local' });
    const all = await list({ scope: 'all' });
    expect(all.entries.map((e) => e.target)).toEqual(['bob', 't7-4', 't7-3', 't7-2', 't7-1', 't7-0']);
    expect(all.entries[0]).toMatchObject({ actor: 'anonymous', role: null, via: 'none', outcome: 'denied' });
  });

  it('filters by actor, action, outcome and free text, and pages by cursor', async () => {
    expect((await list({ outcome: 'ok' })).entries).toHaveLength(4);
    expect((await list({ actor: 'nobody' })).entries).toHaveLength(0);
    expect((await list({ action: 'auth.sign-in', scope: 'all' })).entries.map((e) => e.target)).toEqual(['bob']);
    expect((await list({ q: 'wrong user', scope: 'all' })).entries.map((e) => e.target)).toEqual(['bob']);
    expect((await list({ q: 't7-3' })).entries.map((e) => e.target)).toEqual(['t7-3']);
    const first = await list({ limit: '2' });
    expect(first.entries.map((e) => e.target)).toEqual(['t7-4', 't7-3']);
    const second = await list({ limit: '2', before: String(first.nextBefore) });
    expect(second.entries.map((e) => e.target)).toEqual(['t7-2', 't7-1']);
    const last = await list({ limit: '2', before: String(second.nextBefore) });
    expect(last).toMatchObject({ nextBefore: null });
    expect(last.entries.map((e) => e.target)).toEqual(['t7-0']);
  });
});
