import 'server-only';
import { clusterConfig } from '../clusters';
import { AppError, Forbidden } from '../errors';
import { roleRank, type Principal, type Role } from './principal';

export interface Access {
  /** Least role allowed to call the route. */
  role: Role | 'public';
  /** The route changes the cluster or data: blocked on read-only clusters and cross-site. */
  mutation?: boolean;
  /** Cluster the route acts on, for per-cluster read-only mode. */
  cluster?: string;
}

const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The one guard every route handler calls (through http.handle). Checks that a mutation comes
 * from the console's own origin, that the cluster allows mutations, and the caller's role.
 * Authentication itself arrives with the access-control issue; until then everyone on the
 * listening address is an admin, which is why the console binds to loopback by default.
 */
export async function authorize(req: Request, access: Access): Promise<Principal> {
  const mutation = access.mutation ?? MUTATING_METHODS.has(req.method);
  if (mutation) assertSameOrigin(req);
  if (access.cluster !== undefined) {
    const cluster = clusterConfig(access.cluster); // 404 for unknown clusters, before anything else
    if (mutation && cluster.readOnly) {
      throw new Forbidden(`cluster "${cluster.id}" is read-only: changes are disabled`);
    }
  }
  const principal: Principal = { name: 'local', role: 'admin', via: 'anonymous-loopback' };
  if (access.role !== 'public' && roleRank[principal.role] < roleRank[access.role]) {
    throw new Forbidden(`this needs the ${access.role} role; you are ${principal.role}`);
  }
  return principal;
}

// Browsers send Origin on every cross-site POST/PUT/PATCH/DELETE (and Sec-Fetch-Site). A request
// from another site carrying our cookie must not change anything.
function assertSameOrigin(req: Request): void {
  const site = req.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') {
    throw new Forbidden('cross-site requests cannot change anything');
  }
  const origin = req.headers.get('origin');
  if (!origin) return; // non-browser clients (curl, scripts) send none
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError(403, 'FORBIDDEN', 'malformed Origin header');
  }
  if (originHost !== host) throw new Forbidden(`cross-origin request from ${origin} refused`);
}
