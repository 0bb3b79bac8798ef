import 'server-only';
import type { MeResponse, SignInInput } from '@/lib/contracts/auth';
import { Conflict, Unauthorized } from '../errors';
import { authSettings } from './auth-settings';
import { verifyPassword, verifyToken } from './authenticate';
import { checkSignInAllowed, recordSignInFailure } from './limits';
import type { Principal } from './principal';
import { clearSessionCookies, createSession, revokeSession, sessionCookie, type SessionSource } from './session';

/** Checks a password or token and opens a session; failures are rate-limited per name and address. */
export async function signIn(req: Request, input: SignInInput, address: string): Promise<{ principal: Principal; setCookie: string }> {
  if (!authSettings().enabled) throw new Conflict('authentication is turned off on this console; there is nothing to sign in to', undefined, 'AUTH_DISABLED');
  // Passwords: limited per user name (changing addresses doesn't help a guesser). Tokens are too
  // long to guess; they are limited per address so nobody can lock the admin link for others.
  const key = 'username' in input ? `user:${input.username}` : `token:${address}`;
  checkSignInAllowed(key);
  let who: { name: string; role: Principal['role'] } | null;
  let src: SessionSource;
  if ('username' in input) {
    who = await verifyPassword(input.username, input.password);
    src = 'password';
  } else {
    who = await verifyToken(input.token);
    src = 'token';
  }
  if (!who) {
    recordSignInFailure(key);
    throw new Unauthorized('username' in input ? 'wrong user name or password' : 'that token is not valid (unknown, revoked or expired)');
  }
  return openSession(req, who, src);
}

export async function openSession(req: Request, who: { name: string; role: Principal['role'] }, src: SessionSource) {
  const { jwt, claims } = await createSession(who.name, who.role, src);
  const principal: Principal = { name: who.name, role: who.role, via: 'session', sessionId: claims.sid };
  return { principal, setCookie: sessionCookie(req, jwt, authSettings().sessionHours * 3600) };
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
