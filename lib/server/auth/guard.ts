import 'server-only';
import { clusterConfig } from '../clusters';
import { AppError, Forbidden, Unauthorized } from '../errors';
import { authSettings } from './auth-settings';
import { authenticate } from './authenticate';
import { clientAddress } from './client-address';
import { checkMutationRate } from './limits';
import { roleRank, type Principal, type Role } from './principal';
import { assertCanReadMessages } from './topic-access';

export interface Access {
  /** Least role allowed to call the route; 'public' needs no sign-in. */
  role: Role | 'public';
  /** The route changes the cluster or data (default: POST/PUT/PATCH/DELETE): blocked on read-only clusters and cross-site. */
  mutation?: boolean;
  /** Cluster the route acts on, for per-cluster read-only mode. */
  cluster?: string;
  /** The route returns messages of this topic: checks the sensitive-topic rules, audited with RIFFLE_AUDIT_READS=1. */
  messagesOf?: string;
  /**
   * The route returns messages of these topics, several at once (multi-topic tails, multiplexed
   * streams): audited with RIFFLE_AUDIT_READS=1 like messagesOf. The route checks each topic's
   * read rules itself, so a refusal can name the sub-stream it concerns.
   */
  reads?: string[];
  /**
   * The route returns data derived from these topics' messages (weather readings, pipeline
   * status): each must pass the sensitive-topic rules. Not a message read, so not audited
   * (the pages poll these every few seconds).
   */
  derivedFrom?: string[];
  /** Audit action name; default "METHOD /api/path/{param}". */
  action?: string;
  /** Audit target; default the last path parameter (topic, group, …). */
  target?: string;
}

/** Filled in by authorize() as it learns things, so handle() can audit even a refused call. */
export interface GuardState {
  principal?: Principal | null;
  mutation?: boolean;
}

const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export function isMutation(req: Request, access: Access): boolean {
  return access.mutation ?? MUTATING_METHODS.has(req.method);
}

/**
 * The one guard every route handler calls (through http.handle), in this order:
 *  1. refuse Next's internal `x-middleware-subrequest` header outright (it once skipped middleware);
 *  2. a mutation must send JSON (a cross-site form can't) and come from the console's own origin;
 *  3. authenticate (bearer token or session cookie; 401 if missing or bad);
 *  4. the cluster must exist (404) and, for a mutation, not be read-only (403);
 *  5. the role must be enough (403), and restricted topics' messages (messagesOf, derivedFrom) need a listed role or user (403);
 *  6. mutations are rate-limited per user (429).
 */
export async function authorize(req: Request, access: Access, state: GuardState = {}): Promise<Principal | null> {
  if (req.headers.has('x-middleware-subrequest')) {
    throw new Forbidden('request refused: it carries an internal Next.js header (x-middleware-subrequest)');
  }
  const mutation = isMutation(req, access);
  state.mutation = mutation;
  if (mutation && BODY_METHODS.has(req.method)) {
    // A cross-site form can only send urlencoded, multipart or text/plain, so a change must be JSON.
    // A bodiless POST (no content-type, no length) is allowed: there is nothing to be forged in it.
    const type = req.headers.get('content-type');
    const hasBody = Number(req.headers.get('content-length') ?? '0') > 0 || req.headers.has('transfer-encoding');
    if ((type !== null || hasBody) && !/^application\/json\s*(;|$)/i.test(type ?? '')) {
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'changes must be sent as JSON (content-type: application/json)');
    }
  }
  const principal = await authenticate(req);
  state.principal = principal;
  if (mutation) assertSameOrigin(req, principal);
  if (access.role !== 'public' && !principal) {
    throw new Unauthorized(authSettings().enabled ? 'sign in to use the console, or send "Authorization: Bearer <token>"' : undefined);
  }
  if (access.cluster !== undefined) {
    const cluster = clusterConfig(access.cluster); // 404 for unknown clusters
    if (mutation && cluster.readOnly) {
      throw new Forbidden(`cluster "${cluster.id}" is read-only: changes are disabled`);
    }
  }
  if (access.role !== 'public' && principal && roleRank[principal.role] < roleRank[access.role]) {
    throw new Forbidden(`this needs the ${access.role} role; you are ${principal.role}`);
  }
  if (principal) {
    if (access.messagesOf !== undefined) assertCanReadMessages(principal, access.messagesOf);
    for (const topic of access.derivedFrom ?? []) assertCanReadMessages(principal, topic);
  }
  if (mutation) checkMutationRate(principal ?? { name: clientAddress(req), role: 'viewer', via: 'anonymous-loopback' });
  return principal;
}

export { clientAddress };

function expectedHost(req: Request): string | null {
  const publicUrl = authSettings().publicUrl;
  if (publicUrl) return new URL(publicUrl).host;
  return req.headers.get('x-forwarded-host') ?? req.headers.get('host');
}

// Browsers send Origin on every POST/PUT/PATCH/DELETE (and Sec-Fetch-Site). A request from
// another site carrying our cookie must not change anything. A cookie-authenticated change must
// prove it is same-origin; scripts with a bearer token send no Origin and need not.
function assertSameOrigin(req: Request, principal: Principal | null): void {
  const site = req.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') {
    throw new Forbidden('cross-site requests cannot change anything');
  }
  const origin = req.headers.get('origin');
  if (!origin) {
    if (principal?.via === 'session' && site !== 'same-origin') {
      throw new Forbidden('a change made with a session cookie must come from the console itself (no Origin header)');
    }
    return;
  }
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new Forbidden('malformed Origin header');
  }
  if (originHost !== expectedHost(req)) throw new Forbidden(`cross-origin request from ${origin} refused`);
}
