import 'server-only';
import crypto from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { database } from '../db/db';
import { authSettings } from './auth-settings';
import type { Principal, Role } from './principal';
import { sessionKey } from './secrets';

/**
 * Sessions are HS256-signed JWTs (jose) in an HttpOnly, SameSite=Lax cookie, Secure and
 * `__Host-` prefixed over HTTPS. Sign-out records the session id as revoked, so a copied cookie
 * stops working too.
 */
export const SESSION_COOKIE = 'riffle_session';
export const SECURE_SESSION_COOKIE = '__Host-riffle_session';
const ISSUER = 'riffle';
const AUDIENCE = 'riffle-console';

/** How the session was opened: a password user's role is re-read from the settings on every request. */
export type SessionSource = 'password' | 'token' | 'oidc';

export interface SessionClaims {
  name: string;
  role: Role;
  src: SessionSource;
  sid: string;
  exp: number;
  /**
   * Token sessions: which credential opened it (credentialRef in authenticate.ts), checked on
   * every request so the session ends with the token. Never the token or its digest.
   */
  cred?: string;
}

/** `notAfter` (seconds since the epoch) caps the session's end, e.g. at its token's expiry. */
export async function createSession(name: string, role: Role, src: SessionSource, cred?: string, notAfter?: number): Promise<{ jwt: string; claims: SessionClaims }> {
  const sid = crypto.randomUUID();
  const hours = authSettings().sessionHours;
  const exp = Math.min(Math.floor(Date.now() / 1000) + hours * 3600, notAfter ?? Infinity);
  const jwt = await new SignJWT({ role, src, ...(cred ? { cred } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(name)
    .setJti(sid)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(sessionKey());
  return { jwt, claims: { name, role, src, sid, exp, cred } };
}

/** The claims of a valid, unexpired, unrevoked session cookie; null for anything else. */
export async function verifySession(jwt: string): Promise<SessionClaims | null> {
  try {
    const { payload } = await jwtVerify(jwt, sessionKey(), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    const role = payload.role;
    const src = payload.src;
    if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string' || typeof payload.exp !== 'number') return null;
    if (role !== 'viewer' && role !== 'operator' && role !== 'admin') return null;
    if (src !== 'password' && src !== 'token' && src !== 'oidc') return null;
    const { db } = await database();
    const revoked = await db.selectFrom('riffle_revoked_sessions').select('id').where('id', '=', payload.jti).executeTakeFirst();
    if (revoked) return null;
    const cred = typeof payload.cred === 'string' ? payload.cred : undefined;
    return { name: payload.sub, role, src, sid: payload.jti, exp: payload.exp, cred };
  } catch (err) {
    if (err instanceof joseErrors.JOSEError) return null; // forged, expired, malformed
    throw err;
  }
}

export async function revokeSession(p: Principal, exp?: number): Promise<void> {
  if (!p.sessionId) return;
  const { db } = await database();
  const now = new Date().toISOString();
  await db.deleteFrom('riffle_revoked_sessions').where('expires_at', '<', now).execute();
  const expiresAt = new Date((exp ?? Math.floor(Date.now() / 1000) + authSettings().sessionHours * 3600) * 1000).toISOString();
  await db
    .insertInto('riffle_revoked_sessions')
    .values({ id: p.sessionId, expires_at: expiresAt })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export function isHttps(req: Request): boolean {
  const forwarded = req.headers.get('x-forwarded-proto');
  if (forwarded) return forwarded.split(',')[0]!.trim() === 'https';
  const publicUrl = authSettings().publicUrl;
  if (publicUrl) return publicUrl.startsWith('https:');
  return new URL(req.url).protocol === 'https:';
}

export function sessionCookie(req: Request, jwt: string, maxAgeSeconds: number): string {
  const secure = isHttps(req);
  const name = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  return `${name}=${jwt}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

export function clearSessionCookies(req: Request): string[] {
  const secure = isHttps(req);
  return [
    `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`,
    ...(secure ? [`${SECURE_SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure`] : []),
  ];
}

export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}
