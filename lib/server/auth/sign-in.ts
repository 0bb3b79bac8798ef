import 'server-only';
import type { MeResponse, SignInInput } from '@/lib/contracts/auth';
import { Conflict, Unauthorized } from '../errors';
import { authSettings } from './auth-settings';
import { verifyPassword, verifyToken } from './authenticate';
import { reserveSignInAttempt } from './limits';
import type { Principal } from './principal';
import { clearSessionCookies, createSession, revokeSession, sessionCookie, type SessionSource } from './session';

/**
 * Checks a password or token and opens a session. Failures are rate-limited: passwords per user
 * name (changing addresses doesn't help a guesser), tokens per client address (they are too long
 * to guess, and a per-address key means nobody can lock the admin link for others). `address`
 * is the real peer (clientAddress), never a header the client chose.
 */
export async function signIn(req: Request, input: SignInInput, address: string): Promise<{ principal: Principal; setCookie: string }> {
  if (!authSettings().enabled) throw new Conflict('authentication is turned off on this console; there is nothing to sign in to', undefined, 'AUTH_DISABLED');
  const key = 'username' in input ? `user:${input.username}` : `token:${address}`;
  // Reserve the attempt before checking it: parallel guesses each take a slot first, so no more
  // than the limit are ever verified (and bcrypt is no unauthenticated CPU sink). A success
  // gives its slot back; a failure keeps it.
  const refund = reserveSignInAttempt(key);
  if ('username' in input) {
    const who = await verifyPassword(input.username, input.password);
    if (!who) throw new Unauthorized('wrong user name or password');
    refund();
    return openSession(req, who, 'password');
  }
  const who = await verifyToken(input.token);
  if (!who) throw new Unauthorized('that token is not valid (unknown, revoked or expired)');
  refund();
  return openSession(req, who, 'token', who.cred, who.expiresAt ? Math.floor(Date.parse(who.expiresAt) / 1000) : undefined);
}

/** `cred` binds a token session to its token; `notAfter` (epoch seconds) ends it with the token. */
export async function openSession(req: Request, who: { name: string; role: Principal['role'] }, src: SessionSource, cred?: string, notAfter?: number) {
  const { jwt, claims } = await createSession(who.name, who.role, src, cred, notAfter);
  const principal: Principal = { name: who.name, role: who.role, via: 'session', sessionId: claims.sid };
  return { principal, setCookie: sessionCookie(req, jwt, Math.max(0, claims.exp - Math.floor(Date.now() / 1000))) };
}

export async function signOut(req: Request, principal: Principal | null): Promise<string[]> {
  if (principal?.via === 'session') await revokeSession(principal);
  return clearSessionCookies(req);
}

export function describeMe(principal: Principal | null): MeResponse {
  const s = authSettings();
  return {
    authEnabled: s.enabled,
    principal: principal ? { name: principal.name, role: principal.role, via: principal.via } : null,
    sso: s.oidc ? { label: s.oidc.label } : null,
  };
}
