import 'server-only';
import bcrypt from 'bcryptjs';
import crypto from 'node:crypto';
import { activeApiToken, lookupApiToken } from './api-tokens';
import { Forbidden, Unauthorized } from '../errors';
import { authSettings, isLoopbackHost } from './auth-settings';
import type { Principal, Role } from './principal';
import { adminToken, secretEquals, sha256 } from './secrets';
import { readCookie, SECURE_SESSION_COOKIE, SESSION_COOKIE, verifySession } from './session';
import { singleton } from '../singleton';

const g = singleton('riffle:auth/authenticate', (): { riffleDummyHash?: Promise<string> } => ({}));

/**
 * Compared against when the user name is unknown, so a wrong name costs as long as a wrong
 * password: hashed (once per process) at the highest bcrypt cost among the configured users,
 * since a cost-10 dummy beside cost-12 users answered unknown names 4× faster.
 */
function dummyHash(): Promise<string> {
  const costs = authSettings().users.map((u) => Number(u.passwordHash.slice(4, 6)));
  g.riffleDummyHash ??= bcrypt.hash(crypto.randomBytes(16).toString('hex'), Math.max(10, ...costs));
  return g.riffleDummyHash;
}

export async function verifyPassword(username: string, password: string): Promise<{ name: string; role: Role } | null> {
  const user = authSettings().users.find((u) => u.name === username);
  const ok = await bcrypt.compare(password, user?.passwordHash ?? (await dummyHash()));
  return ok && user ? { name: user.name, role: user.role } : null;
}

export interface TokenIdentity {
  name: string;
  role: Role;
  /** What a session opened with this token is bound to (see credentialStillValid). */
  cred: string;
  /** When the token stops working, if it does. */
  expiresAt: string | null;
}

// A session names its credential by a keyed fingerprint: not the token, and not its plain
// SHA-256 either (which the auth file shows), so the cookie holds nothing that signs in elsewhere.
const fingerprint = (kind: string, secret: string) => `${kind}:${crypto.createHmac('sha256', 'riffle-session-credential').update(secret).digest('base64url').slice(0, 22)}`;

/** Who a token belongs to: the admin token, a configured token, or one made in the console. */
export async function verifyToken(token: string): Promise<TokenIdentity | null> {
  const admin = adminToken();
  if (admin && secretEquals(token, admin)) return { name: 'admin', role: 'admin', cred: fingerprint('admin', admin), expiresAt: null };
  const digest = sha256(token);
  const configured = authSettings().tokens.find((t) => secretEquals(digest, t.sha256.toLowerCase()));
  if (configured) return { name: `token:${configured.name}`, role: configured.role, cred: fingerprint('cfg', configured.sha256.toLowerCase()), expiresAt: null };
  const made = await lookupApiToken(token);
  return made && { name: made.name, role: made.role, cred: `api:${made.id}`, expiresAt: made.expiresAt };
}

/**
 * A token session is worth what its token is worth now: the first-start or RIFFLE_ADMIN_TOKEN
 * admin token still in force (the first-start one ends when users are configured), the
 * configured token still in the settings, the console-made token neither revoked nor expired
 * (read from the database on every request, so every instance sees a revocation at once).
 * The role comes from the credential, not from the cookie.
 */
async function credentialStillValid(cred: string | undefined): Promise<{ name: string; role: Role } | null> {
  if (!cred) return null; // a token session from before sessions were bound to their token
  const [kind, rest] = [cred.slice(0, cred.indexOf(':')), cred.slice(cred.indexOf(':') + 1)];
  if (kind === 'admin') {
    const admin = adminToken();
    return admin && fingerprint('admin', admin) === cred ? { name: 'admin', role: 'admin' } : null;
  }
  if (kind === 'cfg') {
    const t = authSettings().tokens.find((x) => fingerprint('cfg', x.sha256.toLowerCase()) === cred);
    return t ? { name: `token:${t.name}`, role: t.role } : null;
  }
  if (kind === 'api' && /^\d{1,10}$/.test(rest)) return activeApiToken(Number(rest));
  return null;
}

/**
 * The caller, from a bearer token or the session cookie; null when neither is there.
 * A bearer token or cookie that is present but not valid is a 401 at once: a bad credential
 * never falls back to another.
 */
export async function authenticate(req: Request): Promise<Principal | null> {
  const settings = authSettings();
  if (!settings.enabled) {
    // Authentication off is for a laptop: refuse any Host that is not loopback, which also stops
    // DNS rebinding (a web page whose name resolves to 127.0.0.1) and a server bound wider by mistake.
    const host = hostnameOf(req.headers.get('host') ?? '');
    if (!isLoopbackHost(host)) throw new Forbidden(`authentication is off, so only loopback addresses may use this console (Host: ${host || 'none'})`);
    return { name: 'local', role: 'admin', via: 'anonymous-loopback' };
  }
  const authz = req.headers.get('authorization');
  if (authz !== null) {
    const m = /^Bearer\s+(\S{1,1000})\s*$/i.exec(authz);
    if (!m) throw new Unauthorized('the Authorization header must be "Bearer <token>"');
    const who = await verifyToken(m[1]!);
    if (!who) throw new Unauthorized('the bearer token is not valid (unknown, revoked or expired)');
    return { ...who, via: 'token' };
  }
  const cookies = req.headers.get('cookie');
  const jwt = readCookie(cookies, SECURE_SESSION_COOKIE) ?? readCookie(cookies, SESSION_COOKIE);
  if (jwt === undefined) return null;
  const claims = await verifySession(jwt);
  if (!claims) throw new Unauthorized('your session has expired or was signed out; sign in again');
  let role = claims.role;
  if (claims.src === 'password') {
    // Password users: the settings are the authority, so a removed user or changed role applies at once.
    const user = settings.users.find((u) => u.name === claims.name);
    if (!user) throw new Unauthorized('this user no longer exists; sign in again');
    role = user.role;
  } else if (claims.src === 'token') {
    const who = await credentialStillValid(claims.cred);
    if (!who || who.name !== claims.name) throw new Unauthorized('the token this session was opened with was revoked, has expired or is no longer configured; sign in again');
    role = who.role;
  } else if (claims.src === 'oidc' && !settings.oidc) {
    throw new Unauthorized('single sign-on is no longer configured; sign in again');
  }
  return { name: claims.name, role, via: 'session', sessionId: claims.sid };
}

function hostnameOf(hostHeader: string): string {
  try {
    return new URL(`http://${hostHeader}`).hostname;
  } catch {
    return '';
  }
}
