import 'server-only';
import { jwtVerify, SignJWT } from 'jose';
import * as client from 'openid-client';
import { recordAudit } from '../audit';
import { AppError, Forbidden, NotFound, Unauthorized, Unavailable } from '../errors';
import { authSettings, type OidcSettings } from './auth-settings';
import type { Role } from './principal';
import { sessionKey } from './secrets';
import { isHttps } from './session';
import { safeNext } from './page-session';
import { openSession } from './sign-in';
import { singleton } from '../singleton';

/**
 * OpenID Connect single sign-on (authorization code flow with PKCE, state and nonce), through
 * openid-client. Configured with `oidc:` in RIFFLE_AUTH_FILE; roles come from a groups claim.
 * The ID token's signature is checked against the provider's published keys (openid-client
 * skips that by default for tokens from the token endpoint), so a token altered on the way, or
 * by anything between the console and the provider, opens no session.
 *
 * Every failure is an AppError with an OIDC_* code (never a 500): the provider cannot be
 * reached (503), the provider refused (401), the answer failed verification (401), no role (403).
 * A browser is sent back to the login page, which explains the code; an API caller gets JSON.
 */
const FLOW_COOKIE = 'riffle_oidc_flow';
const g = singleton('riffle:auth/oidc', (): { riffleOidc?: Promise<client.Configuration> } => ({}));

function settingsOrThrow(): OidcSettings {
  const o = authSettings().oidc;
  if (!o || !authSettings().enabled) throw new NotFound('single sign-on is not configured on this console');
  return o;
}

/** A short reason from an error chain: "connect ECONNREFUSED 127.0.0.1:9" rather than "fetch failed". */
function reasonOf(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const { message, error, error_description } = e as { message?: string; error?: string; error_description?: string };
    if (error) parts.push(error_description ? `${error}: ${error_description}` : error);
    else if (message && !parts.includes(message)) parts.push(message);
    e = (e as { cause?: unknown }).cause;
  }
  // The innermost cause says the most; keep the outer one as context.
  return parts.length > 1 ? `${parts[parts.length - 1]} (${parts[0]})` : (parts[0] ?? 'unknown error');
}

/** Network trouble (the provider is down or answers garbage), as opposed to a refused or forged answer. */
function isUnreachable(err: unknown): boolean {
  if (err instanceof TypeError) return true; // fetch failed: refused, DNS, TLS, reset
  if (err instanceof client.ClientError) {
    return ['OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON', 'OAUTH_TIMEOUT', 'OAUTH_ABORT'].includes(err.code ?? '') || err.cause instanceof TypeError;
  }
  return false;
}

function configuration(o: OidcSettings): Promise<client.Configuration> {
  const execute = [client.enableNonRepudiationChecks];
  // auth-settings allows plain http only for an issuer on a loopback host.
  if (new URL(o.issuer).protocol === 'http:') execute.push(client.allowInsecureRequests);
  g.riffleOidc ??= client
    .discovery(new URL(o.issuer), o.clientId, o.clientSecret, o.clientSecret ? client.ClientSecretPost(o.clientSecret) : client.None(), {
      execute,
      timeout: 10,
    })
    .catch((err: unknown) => {
      g.riffleOidc = undefined;
      const what = isUnreachable(err) ? 'cannot be reached to sign you in' : 'answered discovery with something the console cannot use';
      throw new Unavailable(`the identity provider at ${o.issuer} ${what}: ${reasonOf(err)}`, 'OIDC_UNAVAILABLE');
    });
  return g.riffleOidc;
}

function baseUrl(req: Request): string {
  return authSettings().publicUrl?.replace(/\/$/, '') ?? new URL(req.url).origin;
}

/** Where to send the browser to sign in, and the short-lived cookie that remembers the flow. */
export async function beginSignIn(req: Request): Promise<{ location: string; setCookie: string }> {
  const o = settingsOrThrow();
  const next = safeNext(new URL(req.url).searchParams.get('next') ?? undefined);
  const config = await configuration(o);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: `${baseUrl(req)}/api/auth/oidc/callback`,
    scope: o.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const flow = await new SignJWT({ verifier, state, nonce, next }).setProtectedHeader({ alg: 'HS256' }).setAudience('riffle-oidc-flow').setExpirationTime('10m').sign(sessionKey());
  const secure = isHttps(req);
  return { location: url.href, setCookie: `${FLOW_COOKIE}=${flow}; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=600${secure ? '; Secure' : ''}` };
}

export function roleFromGroups(o: Pick<OidcSettings, 'roles' | 'defaultRole'>, groups: string[]): Role | null {
  for (const role of ['admin', 'operator', 'viewer'] as const) if (o.roles[role].some((grp) => groups.includes(grp))) return role;
  return o.defaultRole === 'none' ? null : o.defaultRole;
}

/** The value at a claim name, or a dotted path into objects (`realm_access.roles`); a claim named with dots wins. */
export function claimAt(claims: Record<string, unknown>, name: string): unknown {
  if (name in claims) return claims[name];
  let v: unknown = claims;
  for (const key of name.split('.')) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Groups from a claim value: a list, or one string. */
export function groupsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
}

/** Completes the flow: checks state, PKCE, nonce and the ID token, maps the groups to a role, opens a session. */
export async function finishSignIn(req: Request, flowCookie: string | undefined): Promise<{ setCookie: string; name: string; next: string }> {
  const o = settingsOrThrow();
  if (!flowCookie) throw new Unauthorized('the sign-in flow expired or was started in another browser; try again', 'OIDC_FLOW_EXPIRED');
  let flow: { verifier: string; state: string; nonce: string; next: string };
  try {
    const { payload } = await jwtVerify(flowCookie, sessionKey(), { audience: 'riffle-oidc-flow', algorithms: ['HS256'] });
    if (typeof payload.verifier !== 'string' || typeof payload.state !== 'string' || typeof payload.nonce !== 'string') throw new Error('incomplete flow');
    flow = { verifier: payload.verifier, state: payload.state, nonce: payload.nonce, next: safeNext(typeof payload.next === 'string' ? payload.next : undefined) };
  } catch {
    throw new Unauthorized('the sign-in flow expired or was tampered with; try again', 'OIDC_FLOW_EXPIRED');
  }
  const config = await configuration(o);
  const current = new URL(new URL(req.url).pathname + new URL(req.url).search, baseUrl(req));
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
  } catch (err) {
    throw await refused(callbackError(err, o));
  }
  const idClaims = tokens.claims();
  if (!idClaims) throw new Unauthorized('the identity provider sent no ID token', 'OIDC_REJECTED');
  let claims: Record<string, unknown> = idClaims;
  // Many providers put groups (and sometimes the user name) only in UserInfo, not in the ID token.
  const needGroups = claimAt(idClaims, o.groupsClaim) === undefined;
  if ((needGroups || idClaims.preferred_username === undefined) && config.serverMetadata().userinfo_endpoint) {
    try {
      const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...info, ...idClaims };
      if (needGroups) claims[o.groupsClaim] = claimAt(info, o.groupsClaim);
    } catch (err) {
      // Without the groups there is no role to give; a missing user name falls back to email or sub.
      if (needGroups) throw await refused(callbackError(err, o));
    }
  }
  const name = String(claims.preferred_username ?? claims.email ?? claims.sub);
  const role = roleFromGroups(o, groupsOf(claimAt(claims, o.groupsClaim)));
  if (!role) {
    await recordAudit({ principal: null, action: 'auth.sign-in', method: 'GET', path: '/api/auth/oidc/callback', target: name, status: 403, detail: "no role for this user's groups" });
    throw new Forbidden(`you signed in as ${name}, but none of your groups is given a role on this console`, 'OIDC_NO_ROLE');
  }
  const { principal, setCookie } = await openSession(req, { name, role }, 'oidc');
  await recordAudit({ principal, action: 'auth.sign-in', method: 'GET', path: '/api/auth/oidc/callback', target: name, status: 302, outcome: 'ok', detail: 'single sign-on' });
  return { setCookie, name, next: flow.next };
}

/** A refused or forged answer is audited (who is not known: nobody was signed in). */
async function refused(err: AppError): Promise<AppError> {
  if (err.status < 500) {
    await recordAudit({ principal: null, action: 'auth.sign-in', method: 'GET', path: '/api/auth/oidc/callback', target: null, status: err.status, detail: `single sign-on: ${err.message}` });
  }
  return err;
}

/** What went wrong on the way back from the provider, as a 4xx (or 503 when it is unreachable). */
function callbackError(err: unknown, o: OidcSettings): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof client.AuthorizationResponseError) {
    return new Unauthorized(`the identity provider did not sign you in: ${reasonOf(err)}`, 'OIDC_DENIED');
  }
  if (err instanceof client.ResponseBodyError || err instanceof client.WWWAuthenticateChallengeError) {
    return new Unauthorized(`the identity provider refused the sign-in: ${reasonOf(err)}`, 'OIDC_REJECTED');
  }
  if (isUnreachable(err)) {
    return new Unavailable(`the identity provider at ${o.issuer} cannot be reached to finish signing you in: ${reasonOf(err)}`, 'OIDC_UNAVAILABLE');
  }
  // State, code, issuer, nonce, signature or timestamps did not check out.
  return new Unauthorized(`the answer from the identity provider failed verification: ${reasonOf(err)}`, 'OIDC_REJECTED');
}

/**
 * Route helper: a browser that navigated here (it asks for HTML) goes back to the login page
 * with the error's code, which the page explains; API callers keep the JSON error.
 */
export async function browserFriendly(req: Request, res: Response): Promise<Response> {
  if (res.status < 400 || !(req.headers.get('accept') ?? '').includes('text/html')) return res;
  let code = 'OIDC_FAILED';
  try {
    code = String(((await res.clone().json()) as { error?: { code?: string } }).error?.code ?? code);
  } catch {
    // not JSON: keep the generic code
  }
  const headers = new Headers({ location: `/login?sso_error=${encodeURIComponent(code)}`, 'cache-control': 'no-store' });
  headers.append('set-cookie', `${FLOW_COOKIE}=; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0`);
  return new Response(null, { status: 303, headers });
}

export const OIDC_FLOW_COOKIE = FLOW_COOKIE;
