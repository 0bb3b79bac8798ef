import 'server-only';
import bcrypt from 'bcryptjs';
import { lookupApiToken } from './api-tokens';
import { Forbidden, Unauthorized } from '../errors';
import { authSettings, isLoopbackHost } from './auth-settings';
import type { Principal, Role } from './principal';
import { adminToken, secretEquals, sha256 } from './secrets';
import { readCookie, SECURE_SESSION_COOKIE, SESSION_COOKIE, verifySession } from './session';

// Compared against when the user name is unknown, so a wrong name costs as long as a wrong password.
const DUMMY_HASH = '$2b$10$PJubuxENzjU7sljJW0jCluLZaOf52/zrh7Jv2l9e528UhD3IkLprK';

export async function verifyPassword(username: string, password: string): Promise<{ name: string; role: Role } | null> {
  const user = authSettings().users.find((u) => u.name === username);
  const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
  return ok && user ? { name: user.name, role: user.role } : null;
}

/** Who a token belongs to: the admin token, a configured token, or one made in the console. */
export async function verifyToken(token: string): Promise<{ name: string; role: Role } | null> {
  const admin = adminToken();
  if (admin && secretEquals(token, admin)) return { name: 'admin', role: 'admin' };
  const digest = sha256(token);
  const configured = authSettings().tokens.find((t) => secretEquals(digest, t.sha256.toLowerCase()));
  if (configured) return { name: `token:${configured.name}`, role: configured.role };
  return lookupApiToken(token);
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
