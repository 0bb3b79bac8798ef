import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawFetch, type TestCaller } from '../helpers/api';
import { withConsoleRegistry } from '../helpers/console-registry';
import { routeMatrix } from './route-matrix';

// the registry routes' rows expect the `local` cluster's registry to answer (200/404), as a user's would
withConsoleRegistry();

// Random and hostile inputs to every route in the matrix: bodies, query strings, path
// parameters and headers. Whatever comes in, the answer is never a 500 and never a stack trace.
const hostileString = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.constantFrom('../../etc/passwd', '%00', '%', '%E0%A4%A', '<script>alert(1)</script>', "' OR 1=1 --", '${jndi:ldap://x}', '__proto__', 'constructor', '\u0000', '{{7*7}}', 'a'.repeat(5000), '..', '.', '🦄'),
);
const hostileJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(fc.constantFrom('name', 'role', 'username', 'password', 'token', 'expiresInDays', '__proto__', 'constructor'), fc.jsonValue({ maxDepth: 2 })),
  fc.constant({ __proto__: { admin: true } }),
);
const hostileBody = fc.oneof(
  hostileJson.map((v) => JSON.stringify(v)),
  hostileString,
  fc.constantFrom('', '{', '[', 'null', '{"a":' + '['.repeat(2000), '\uFEFF{}'),
);
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '');
const caller = fc.constantFrom<TestCaller>('none', 'viewer', 'admin');
const query = fc.dictionary(fc.oneof(fc.constantFrom('limit', 'before', 'scope', 'outcome', 'q', 'actor', 'action', 'code', 'state'), fc.string({ maxLength: 10 })), hostileString, { maxKeys: 4 });

function looksLikeStack(text: string): boolean {
  return /\n\s+at\s+\S+.*\(|node_modules|\.tsx?:\d+:\d+|webpack-internal|Error: .*\n/.test(text);
}

function fill(path: string, segment: string): string {
  // replace the last fixed parameter value (a made-up id/name) with a hostile one
  return path.replace('{cluster}', 'local').replace(/\/(2000000000)$/, `/${encodeURIComponent(segment)}`);
}

describe('hostile inputs never give a 500 or a stack trace', () => {
  for (const row of routeMatrix) {
    it(`${row.method} ${row.path}`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileBody, contentType, caller, query, hostileString, async (body, type, as, q, segment) => {
          const url = new URL(fill(row.path, segment), 'http://x');
          for (const [k, v] of Object.entries(q)) url.searchParams.set(k, v);
          const sendsBody = row.method !== 'GET';
          const res = await rawFetch(
            url.pathname + url.search,
            { method: row.method, headers: type ? { 'content-type': type } : {}, body: sendsBody ? body : undefined, redirect: 'manual' },
            as,
          );
          const text = await res.text();
          expect(res.status, `${row.method} ${url.pathname}${url.search} as ${as} with ${JSON.stringify(body).slice(0, 200)}: ${text.slice(0, 300)}`).toBeLessThan(500);
          expect(looksLikeStack(text), text.slice(0, 500)).toBe(false);
        }),
        { numRuns: 40 },
      );
    });
  }

  it('a random cluster id in any cluster route is a clean 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, async (cluster) => {
        const res = await rawFetch(`/api/clusters/${encodeURIComponent(cluster)}/audit`, {}, 'admin');
        const text = await res.text();
        expect(res.status).toBeGreaterThanOrEqual(cluster === 'local' || cluster === 'local-ro' ? 200 : 400);
        expect(res.status).toBeLessThan(500);
        expect(looksLikeStack(text)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });
});
