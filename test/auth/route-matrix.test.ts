import { describe, expect, it } from 'vitest';
import { rawFetch, type TestCaller } from '../helpers/api';
import { withConsoleRegistry } from '../helpers/console-registry';
import { discoverRoutes } from './discover-routes';
import { routeMatrix, type MatrixRole, type MatrixRow } from './route-matrix';

// the registry routes' rows expect the `local` cluster's registry to answer (200/404), as a user's would
withConsoleRegistry();

const rank: Record<MatrixRole, number> = { public: 0, viewer: 1, operator: 2, admin: 3 };
const callers: TestCaller[] = ['none', 'viewer', 'operator', 'admin'];
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function expected(row: MatrixRow, caller: TestCaller, readOnly: boolean): number[] {
  const ok = Array.isArray(row.ok) ? row.ok : [row.ok];
  if (row.role === 'public') return ok;
  if (caller === 'none') return [401];
  if (readOnly && MUTATING.has(row.method) && !row.changesNothing) return [403];
  return rank[caller] >= rank[row.role] ? ok : [403];
}

async function call(row: MatrixRow, cluster: string, caller: TestCaller, extra: Record<string, string> = {}) {
  const hasBody = row.method !== 'GET' && row.method !== 'DELETE';
  const res = await rawFetch(
    row.path.replace('{cluster}', cluster),
    {
      method: row.method,
      headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...extra },
      body: hasBody ? JSON.stringify(row.body ?? {}) : undefined,
      redirect: 'manual',
    },
    caller,
  );
  return { status: res.status, text: await res.text() };
}

describe('route matrix', () => {
  it('has exactly one line for every route and method on disk, and none for routes that are gone', () => {
    const onDisk = discoverRoutes().map((r) => `${r.method} ${r.route}`);
    const inTable = routeMatrix.map((r) => `${r.method} ${r.route}`);
    expect(onDisk.length).toBeGreaterThan(0);
    const missing = onDisk.filter((k) => !inTable.includes(k));
    const stale = [...new Set(inTable)].filter((k) => !onDisk.includes(k));
    expect(missing, `routes missing from test/auth/route-matrix.ts:\n${missing.join('\n')}`).toEqual([]);
    expect(stale, `lines in test/auth/route-matrix.ts for routes that do not exist:\n${stale.join('\n')}`).toEqual([]);
  });

  for (const row of routeMatrix) {
    const clusters = row.path.includes('{cluster}') ? ['local', 'local-ro'] : ['local'];
    for (const cluster of clusters) {
      const readOnly = cluster === 'local-ro';
      it(`${row.method} ${row.path}${readOnly ? ' (read-only cluster)' : ''}: ${callers.map((c) => `${c}→${expected(row, c, readOnly).join('|')}`).join(', ')}`, async () => {
        const got: Record<string, number> = {};
        const want: Record<string, number[]> = {};
        for (const caller of callers) {
          const res = await call(row, cluster, caller);
          got[caller] = res.status;
          want[caller] = expected(row, caller, readOnly);
          expect(res.status, `no 5xx for ${caller}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
        }
        for (const caller of callers) expect(want[caller], `${caller} got ${got[caller]}; all: ${JSON.stringify(got)}`).toContain(got[caller]);
      });
    }

    it(`${row.method} ${row.path}: the x-middleware-subrequest header gets nothing, even with an admin token`, async () => {
      const res = await call(row, 'local', 'admin', { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.text)).toEqual({ error: { code: 'FORBIDDEN', message: expect.stringContaining('x-middleware-subrequest') } });
    });
  }
});
