import 'server-only';
import { jwtVerify, SignJWT } from 'jose';
import * as client from 'openid-client';
import { recordAudit } from '../audit';
import { NotFound, Unauthorized } from '../errors';
import { authSettings, type OidcSettings } from './auth-settings';
import type { Role } from './principal';
import { sessionKey } from './secrets';
import { isHttps } from './session';
import { openSession } from './sign-in';

/**
 * OpenID Connect single sign-on (authorization code flow with PKCE and state), through
 * openid-client. Configured with `oidc:` in RIFFLE_AUTH_FILE; roles come from a groups claim.
 */
const FLOW_COOKIE = 'riffle_oidc_flow';
const g = globalThis as unknown as { riffleOidc?: Promise<client.Configuration> };

function settingsOrThrow(): OidcSettings {
  const o = authSettings().oidc;
  if (!o || !authSettings().enabled) throw new NotFound('single sign-on is not configured on this console');
  return o;
}

function configuration(o: OidcSettings): Promise<client.Configuration> {
  g.riffleOidc ??= client
    .discovery(new URL(o.issuer), o.clientId, o.clientSecret, o.clientSecret ? client.ClientSecretPost(o.clientSecret) : client.None())
    .catch((err) => {
      g.riffleOidc = undefined;
      throw err;
    });
  return g.riffleOidc;
}

function baseUrl(req: Request): string {
  return authSettings().publicUrl?.replace(/\/$/, '') ?? new URL(req.url).origin;
}

/** Where to send the browser to sign in, and the short-lived cookie that remembers the flow. */
export async function beginSignIn(req: Request): Promise<{ location: string; setCookie: string }> {
  const o = settingsOrThrow();
  const config = await configuration(o);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: `${baseUrl(req)}/api/auth/oidc/callback`,
    scope: o.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  const flow = await new SignJWT({ verifier, state }).setProtectedHeader({ alg: 'HS256' }).setAudience('riffle-oidc-flow').setExpirationTime('10m').sign(sessionKey());
  const secure = isHttps(req);
  return { location: url.href, setCookie: `${FLOW_COOKIE}=${flow}; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=600${secure ? '; Secure' : ''}` };
}

export function roleFromGroups(o: Pick<OidcSettings, 'roles' | 'defaultRole'>, groups: string[]): Role | null {
  for (const role of ['admin', 'operator', 'viewer'] as const) if (o.roles[role].some((grp) => groups.includes(grp))) return role;
  return o.defaultRole === 'none' ? null : o.defaultRole;
}

/** Completes the flow: checks state and PKCE, maps the groups to a role, opens a session. */
export async function finishSignIn(req: Request, flowCookie: string | undefined): Promise<{ setCookie: string; name: string }> {
  const o = settingsOrThrow();
  const config = await configuration(o);
  if (!flowCookie) throw new Unauthorized('the sign-in flow expired or was started in another browser; try again');
  let flow: { verifier: string; state: string };
  try {
    const { payload } = await jwtVerify(flowCookie, sessionKey(), { audience: 'riffle-oidc-flow', algorithms: ['HS256'] });
    flow = { verifier: String(payload.verifier), state: String(payload.state) };
  } catch {
    throw new Unauthorized('the sign-in flow expired or was tampered with; try again');
  }
  const current = new URL(new URL(req.url).pathname + new URL(req.url).search, baseUrl(req));
  const tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: flow.verifier, expectedState: flow.state });
  const claims = tokens.claims();
  if (!claims) throw new Unauthorized('the identity provider sent no ID token');
  const name = String(claims.preferred_username ?? claims.email ?? claims.sub);
  const rawGroups = claims[o.groupsClaim];
  const groups = Array.isArray(rawGroups) ? rawGroups.map(String) : typeof rawGroups === 'string' ? [rawGroups] : [];
  const role = roleFromGroups(o, groups);
  if (!role) {
    await recordAudit({ principal: null, action: 'auth.sign-in', method: 'GET', path: '/api/auth/oidc/callback', target: name, status: 403, detail: 'no role for this user\'s groups' });
    throw new Unauthorized(`you signed in as ${name}, but none of your groups is given a role on this console`);
  }
  const { principal, setCookie } = await openSession(req, { name, role }, 'oidc');
  await recordAudit({ principal, action: 'auth.sign-in', method: 'GET', path: '/api/auth/oidc/callback', target: name, status: 302, outcome: 'ok', detail: 'single sign-on' });
  return { setCookie, name };
}

export const OIDC_FLOW_COOKIE = FLOW_COOKIE;
