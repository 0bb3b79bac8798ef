import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api, baseUrl, rawFetch, TEST_USERS } from '../helpers/api';
import { forgeSession, sessionCookieFor } from '../helpers/sessions';

const json = { 'content-type': 'application/json' };
const origin = () => new URL(baseUrl()).origin;

async function asCookie(cookie: string, path: string, init: RequestInit = {}) {
  const res = await rawFetch(path, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } }, 'none');
  return { status: res.status, body: await res.json().catch(() => null) };
}

describe('attempts that must fail', () => {
  it('no credentials: every API but health and sign-in answers 401 with no data', async () => {
    for (const path of ['/api/clusters', '/api/clusters/local', '/api/auth/tokens', '/api/clusters/local/audit']) {
      const res = await api('GET', path, undefined, {}, 'none');
      expect(res.status, path).toBe(401);
      expect(res.body).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/sign in/i) } });
    }
  });

  it('an unknown or malformed bearer token is a 401 and never falls back to the cookie', async () => {
    const cookie = await sessionCookieFor('admin');
    for (const authorization of ['Bearer rfl_not_a_real_token', 'Basic YWRtaW46YWRtaW4=', 'Bearer', `Bearer ${TEST_USERS.admin.token}x`]) {
      const res = await rawFetch('/api/clusters', { headers: { authorization, cookie } }, 'none');
      expect(res.status, authorization).toBe(401);
    }
  });

  it('a forged session (wrong key, alg none, edited claims) is a 401', async () => {
    const wrongKey = await forgeSession({ name: 'mallory', role: 'admin', expSecondsFromNow: 3600 }, crypto.randomBytes(32));
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'mallory', role: 'admin', src: 'token', jti: 'x', iss: 'riffle', aud: 'riffle-console', exp: 9999999999 })).toString('base64url');
    const algNone = `${header}.${payload}.`;
    const real = (await sessionCookieFor('viewer')).split('=')[1]!;
    const [h, p, s] = real.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const edited = `${h}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin', src: 'token' })).toString('base64url')}.${s}`;
    for (const jwt of [wrongKey, algNone, edited, 'garbage', '']) {
      const res = await asCookie(`riffle_session=${jwt}`, '/api/auth/tokens');
      expect(res.status, jwt.slice(0, 20)).toBe(jwt === '' ? 401 : 401);
    }
  });

  it('an expired session signed with the real key is a 401; a fresh one works', async () => {
    const expired = await forgeSession({ name: TEST_USERS.admin.name, role: 'admin', expSecondsFromNow: -60 });
    expect((await asCookie(`riffle_session=${expired}`, '/api/clusters')).status).toBe(401);
    const fresh = await forgeSession({ name: TEST_USERS.admin.name, role: 'admin', expSecondsFromNow: 60 });
    expect((await asCookie(`riffle_session=${fresh}`, '/api/clusters')).status).toBe(200);
  });

  it('a session of a user who is not configured is a 401, whatever role it claims', async () => {
    const ghost = await forgeSession({ name: 't7-ghost', role: 'admin', expSecondsFromNow: 60 });
    expect((await asCookie(`riffle_session=${ghost}`, '/api/clusters')).status).toBe(401);
  });

  it('after sign-out the same cookie no longer works (the session is revoked, not just forgotten)', async () => {
    const cookie = await sessionCookieFor('operator');
    expect((await asCookie(cookie, '/api/clusters')).status).toBe(200);
    const out = await rawFetch('/api/auth/logout', { method: 'POST', headers: { ...json, cookie, origin: origin() }, body: '{}' }, 'none');
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/riffle_session=;.*Max-Age=0/);
    expect((await asCookie(cookie, '/api/clusters')).status).toBe(401);
  });

  it('a cross-origin POST with a valid cookie changes nothing', async () => {
    const cookie = await sessionCookieFor('admin');
    const body = JSON.stringify({ name: 't7-csrf', role: 'admin' });
    const attempts: Array<[string, Record<string, string>, number]> = [
      ['foreign Origin', { ...json, origin: 'https://evil.example' }, 403],
      ['Sec-Fetch-Site cross-site', { ...json, 'sec-fetch-site': 'cross-site' }, 403],
      ['Origin null (sandboxed frame)', { ...json, origin: 'null' }, 403],
      ['no Origin at all with a cookie', { ...json }, 403],
      ['a form post (text/plain)', { 'content-type': 'text/plain', origin: origin() }, 415],
      ['a form post (urlencoded)', { 'content-type': 'application/x-www-form-urlencoded', origin: origin() }, 415],
    ];
    for (const [what, headers, status] of attempts) {
      const res = await asCookie(cookie, '/api/auth/tokens', { method: 'POST', headers, body });
      expect(res.status, what).toBe(status);
    }
    const list = await api<{ tokens: Array<{ name: string }> }>('GET', '/api/auth/tokens');
    expect(list.body.tokens.map((t) => t.name)).not.toContain('t7-csrf');
    // The same request from the console's own origin goes through.
    const ok = await asCookie(cookie, '/api/auth/tokens', { method: 'POST', headers: { ...json, origin: origin(), 'sec-fetch-site': 'same-origin' }, body });
    expect(ok.status).toBe(201);
    expect((await api('DELETE', `/api/auth/tokens/${ok.body.summary.id}`)).status).toBe(200);
  });

  it('a viewer or operator cannot do an admin change (create or revoke a token), by token or cookie', async () => {
    const made = await api<{ token: string; summary: { id: number } }>('POST', '/api/auth/tokens', { name: 't7-keep', role: 'viewer' });
    expect(made.status).toBe(201);
    try {
      for (const role of ['viewer', 'operator'] as const) {
        const del = await api('DELETE', `/api/auth/tokens/${made.body.summary.id}`, undefined, {}, role);
        expect(del.status).toBe(403);
        expect(del.body).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringContaining('admin') } });
        const cookie = await sessionCookieFor(role);
        const viaCookie = await asCookie(cookie, `/api/auth/tokens/${made.body.summary.id}`, { method: 'DELETE', headers: { origin: origin() } });
        expect(viaCookie.status).toBe(403);
      }
      // still there and still working
      expect((await rawFetch('/api/clusters', { headers: { authorization: `Bearer ${made.body.token}` } }, 'none')).status).toBe(200);
    } finally {
      expect((await api('DELETE', `/api/auth/tokens/${made.body.summary.id}`)).status).toBe(200);
    }
    expect((await rawFetch('/api/clusters', { headers: { authorization: `Bearer ${made.body.token}` } }, 'none')).status).toBe(401);
  });

  it('pages need a session: signed out, or with x-middleware-subrequest, the console redirects to sign-in', async () => {
    const variants: Array<Record<string, string>> = [{}, { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' }, { cookie: 'riffle_session=forged' }];
    for (const headers of variants) {
      const res = await rawFetch('/clusters/local', { headers, redirect: 'manual' }, 'none');
      expect(res.status).toBe(307);
      expect(res.headers.get('location')).toMatch(/\/login\?next=%2Fclusters%2Flocal$/);
    }
  });

  it('guessing passwords is rate-limited per user name with a clear 429', async () => {
    const username = `t7-guess-${crypto.randomUUID().slice(0, 8)}`;
    const statuses: number[] = [];
    let last: unknown;
    for (let i = 0; i < 12; i++) {
      const res = await api('POST', '/api/auth/login', { username, password: `wrong-${i}` }, {}, 'none');
      statuses.push(res.status);
      last = res.body;
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(last).toEqual({ error: { code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/too many failed sign-ins; try again in \d+ s/) } });
  });

  it('an oversized body is a 413 with the limit in the message', async () => {
    const res = await api('POST', '/api/auth/login', JSON.stringify({ username: 'x', password: 'p'.repeat(20_000) }), {}, 'none');
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('16384') } });
  });
});

describe('sessions and headers', () => {
  it('the session cookie is HttpOnly, SameSite=Lax, Path=/; Secure and __Host- over HTTPS', async () => {
    const u = TEST_USERS.viewer;
    const body = JSON.stringify({ username: u.name, password: u.password });
    const plain = await rawFetch('/api/auth/login', { method: 'POST', headers: json, body }, 'none');
    const c = plain.headers.get('set-cookie')!;
    expect(c).toMatch(/^riffle_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const tls = await rawFetch('/api/auth/login', { method: 'POST', headers: { ...json, 'x-forwarded-proto': 'https' }, body }, 'none');
    expect(tls.headers.get('set-cookie')).toMatch(/^__Host-riffle_session=.*; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
  });

  it('a token signs in too (as the first-start admin link does), and /api/auth/me says who and what role', async () => {
    const res = await api('POST', '/api/auth/login', { token: TEST_USERS.operator.token }, {}, 'none');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ authEnabled: true, principal: { name: 'token:test-operator', role: 'operator', via: 'session' }, sso: null });
    const me = await api('GET', '/api/auth/me', undefined, {}, 'viewer');
    expect(me.body).toMatchObject({ principal: { name: 'token:test-viewer', role: 'viewer', via: 'token' } });
    expect((await api('GET', '/api/auth/me', undefined, {}, 'none')).body).toMatchObject({ authEnabled: true, principal: null });
  });

  it('pages carry a nonce CSP without unsafe-eval, frame-ancestors none, nosniff and a referrer policy', async () => {
    const cookie = await sessionCookieFor('viewer');
    const res = await rawFetch('/clusters/local', { headers: { cookie } }, 'none');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    // every inline or external script tag carries the nonce
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const api2 = await rawFetch('/api/health', {}, 'none');
    expect(api2.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api2.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('no secret reaches the browser: token lists hold no hashes, me holds no credential', async () => {
    const list = await api('GET', '/api/auth/tokens');
    expect(JSON.stringify(list.body)).not.toMatch(/sha256|[0-9a-f]{64}/);
    const me = await api('GET', '/api/auth/me');
    expect(JSON.stringify(me.body)).not.toContain(TEST_USERS.admin.token);
  });
});
