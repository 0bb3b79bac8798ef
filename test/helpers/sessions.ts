import crypto from 'node:crypto';
import { SignJWT } from 'jose';
import { rawFetch } from './api';
import { TEST_USERS, type TestRole } from './credentials';

/** The session key of the test server (RIFFLE_SESSION_SECRET in scripts/lib.mjs testServerEnv). */
export const TEST_SESSION_SECRET = 'riffle-test-session-secret-not-for-production-use';

/** Signs a session JWT as the server would, to test expiry and claims checks with the real key. */
export async function forgeSession(claims: { name: string; role: string; src?: string; expSecondsFromNow: number }, key?: Uint8Array): Promise<string> {
  const k = key ?? new Uint8Array(crypto.hkdfSync('sha256', TEST_SESSION_SECRET, 'riffle', 'session-cookie-v1', 32));
  return new SignJWT({ role: claims.role, src: claims.src ?? 'password' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.name)
    .setJti(crypto.randomUUID())
    .setIssuer('riffle')
    .setAudience('riffle-console')
    .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
    .setExpirationTime(Math.floor(Date.now() / 1000) + claims.expSecondsFromNow)
    .sign(k);
}

/** Signs in with a password and returns the session cookie ("riffle_session=…"). */
export async function sessionCookieFor(role: TestRole): Promise<string> {
  const u = TEST_USERS[role];
  const res = await rawFetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u.name, password: u.password }) }, 'none');
  if (res.status !== 200) throw new Error(`sign-in as ${role} answered ${res.status}: ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0]!;
}
