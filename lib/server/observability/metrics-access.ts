import 'server-only';
import { isLoopbackHost } from '../auth/auth-settings';
import { secretEquals } from '../auth/secrets';

export type MetricsAccess = { allowed: true; via: 'token' | 'loopback' } | { allowed: false; status: 401 | 403; reason: string };

export interface MetricsRequestFacts {
  /** Where the server listens (HOST). */
  listenHost: string;
  /** RIFFLE_METRICS_TOKEN, when set. */
  token: string | undefined;
  authorization: string | null;
  /** The Host header. */
  host: string | null;
  /** X-Forwarded-For: Next fills it with the socket's peer address when the client sent none. */
  forwardedFor: string | null;
}

const peer = (a: string) => a.trim().replace(/^::ffff:/i, '');

/**
 * Who may read GET /api/metrics. A route handler can't see the socket's peer address, and
 * X-Forwarded-For is whatever the client sent when it sent one, so "the peer is loopback" is
 * proven by the server listening on loopback only (nobody else can connect). On top of that a
 * loopback Host header (no DNS rebinding) and no non-loopback address in X-Forwarded-For (a
 * proxy on this machine relaying the internet) are required. Anywhere else it takes
 * `Authorization: Bearer <RIFFLE_METRICS_TOKEN>`; without that token set, nobody gets in.
 */
export function metricsAccess(f: MetricsRequestFacts): MetricsAccess {
  const bearer = /^Bearer\s+(\S{1,1000})\s*$/i.exec(f.authorization ?? '')?.[1];
  if (f.token && bearer !== undefined && secretEquals(bearer, f.token)) return { allowed: true, via: 'token' };
  const hostName = hostnameOf(f.host ?? '');
  const forwarded = (f.forwardedFor ?? '').split(',').map(peer).filter(Boolean);
  if (isLoopbackHost(f.listenHost) && isLoopbackHost(hostName) && forwarded.every(isLoopbackHost)) return { allowed: true, via: 'loopback' };
  if (f.token) {
    return { allowed: false, status: 401, reason: bearer === undefined ? 'send "Authorization: Bearer <RIFFLE_METRICS_TOKEN>"' : 'the metrics token is not valid' };
  }
  return {
    allowed: false,
    status: 403,
    reason: `metrics are served without a token only to loopback clients of a server listening on loopback (HOST is ${f.listenHost}); set RIFFLE_METRICS_TOKEN and send it as a bearer token`,
  };
}

function hostnameOf(hostHeader: string): string {
  try {
    return new URL(`http://${hostHeader}`).hostname;
  } catch {
    return '';
  }
}
