import 'server-only';
import { riffleMetrics } from './riffle-metrics';

/**
 * One answered API request. `action` is the route template handle() already derives for the
 * audit log ("GET /api/clusters/{cluster}/topics/{topic}"), so topic and group names never become
 * label values: the series count stays bounded however many topics a cluster has.
 */
export function recordHttpRequest(method: string, action: string, status: number, ms: number): void {
  const route = action.startsWith(`${method} `) ? action.slice(method.length + 1) : action;
  const m = riffleMetrics();
  m.httpRequests.inc({ method, route, status: String(status) });
  m.httpDuration.observe({ method, route }, ms / 1000);
}
