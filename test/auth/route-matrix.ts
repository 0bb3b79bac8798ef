/**
 * THE access matrix: one line per API route and method. route-matrix.test.ts finds every
 * app/api/**\/route.ts and its exported methods on disk and fails when one has no line here
 * (or a line names a route that no longer exists). For each line it calls `path` as nobody,
 * viewer, operator and admin, on the normal cluster `local` and the read-only cluster `local-ro`
 * (when the path has {cluster}), and expects:
 *   - nobody:                   401 (or `ok` on public routes)
 *   - a role below `role`:      403
 *   - `role` or above:          `ok` (pick a `path`/`body` that can't change anything: a missing
 *                               topic (404) or an invalid body (400) proves the guard let it through)
 *   - read-only cluster, any signed-in role, mutation (POST/PUT/PATCH/DELETE): 403
 * Bodies are sent as JSON. Use t7-matrix-* (or your own prefix) for names that must not exist.
 */
export type MatrixRole = 'public' | 'viewer' | 'operator' | 'admin';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface MatrixRow {
  /** The route file, relative to the repository root. */
  route: string;
  method: Method;
  /** What to call; `{cluster}` is replaced by `local` and `local-ro`. */
  path: string;
  role: MatrixRole;
  /** Status when the caller's role is enough (several allowed when the cluster decides, e.g. [200, 503]). */
  ok: number | number[];
  body?: unknown;
  /** A POST that changes nothing (a plan, a validation): answered on a read-only cluster too. */
  changesNothing?: boolean;
}

export const routeMatrix: MatrixRow[] = [
  // console
  { route: 'app/api/health/route.ts', method: 'GET', path: '/api/health', role: 'public', ok: 200 },
  { route: 'app/api/clusters/route.ts', method: 'GET', path: '/api/clusters', role: 'viewer', ok: 200 },
  { route: 'app/api/clusters/[cluster]/route.ts', method: 'GET', path: '/api/clusters/{cluster}', role: 'viewer', ok: 200 },
  // access control and audit (issue 7)
  { route: 'app/api/auth/login/route.ts', method: 'POST', path: '/api/auth/login', role: 'public', ok: 400, body: {} },
  { route: 'app/api/auth/logout/route.ts', method: 'POST', path: '/api/auth/logout', role: 'public', ok: 200, body: {} },
  { route: 'app/api/auth/me/route.ts', method: 'GET', path: '/api/auth/me', role: 'public', ok: 200 },
  { route: 'app/api/auth/streams/route.ts', method: 'GET', path: '/api/auth/streams', role: 'viewer', ok: 200 },
  { route: 'app/api/auth/oidc/login/route.ts', method: 'GET', path: '/api/auth/oidc/login', role: 'public', ok: 404 },
  { route: 'app/api/auth/oidc/callback/route.ts', method: 'GET', path: '/api/auth/oidc/callback?code=x&state=y', role: 'public', ok: 404 },
  { route: 'app/api/auth/tokens/route.ts', method: 'GET', path: '/api/auth/tokens', role: 'admin', ok: 200 },
  { route: 'app/api/auth/tokens/route.ts', method: 'POST', path: '/api/auth/tokens', role: 'admin', ok: 400, body: {} },
  { route: 'app/api/auth/tokens/[id]/route.ts', method: 'DELETE', path: '/api/auth/tokens/2000000000', role: 'admin', ok: 404 },
  { route: 'app/api/clusters/[cluster]/audit/route.ts', method: 'GET', path: '/api/clusters/{cluster}/audit?limit=1', role: 'admin', ok: 200 },
  // lag alerts and replay (issue 21): rules are read by all, changed by admins; replays are operator
  { route: 'app/api/clusters/[cluster]/alerts/rules/route.ts', method: 'GET', path: '/api/clusters/{cluster}/alerts/rules', role: 'viewer', ok: 200 },
  { route: 'app/api/clusters/[cluster]/alerts/rules/route.ts', method: 'POST', path: '/api/clusters/{cluster}/alerts/rules', role: 'admin', ok: 400, body: {} },
  { route: 'app/api/clusters/[cluster]/alerts/rules/[id]/route.ts', method: 'GET', path: '/api/clusters/{cluster}/alerts/rules/2000000000', role: 'viewer', ok: 404 },
  { route: 'app/api/clusters/[cluster]/alerts/rules/[id]/route.ts', method: 'PUT', path: '/api/clusters/{cluster}/alerts/rules/2000000000', role: 'admin', ok: 400, body: {} },
  { route: 'app/api/clusters/[cluster]/alerts/rules/[id]/route.ts', method: 'DELETE', path: '/api/clusters/{cluster}/alerts/rules/2000000000', role: 'admin', ok: 404 },
  { route: 'app/api/clusters/[cluster]/alerts/rules/[id]/test/route.ts', method: 'POST', path: '/api/clusters/{cluster}/alerts/rules/2000000000/test', role: 'admin', ok: 404 },
  { route: 'app/api/clusters/[cluster]/alerts/history/route.ts', method: 'GET', path: '/api/clusters/{cluster}/alerts/history?limit=1', role: 'viewer', ok: 200 },
  { route: 'app/api/clusters/[cluster]/replays/route.ts', method: 'GET', path: '/api/clusters/{cluster}/replays', role: 'operator', ok: 200 },
  { route: 'app/api/clusters/[cluster]/replays/route.ts', method: 'POST', path: '/api/clusters/{cluster}/replays', role: 'operator', ok: 400, body: {} },
  { route: 'app/api/clusters/[cluster]/replays/[id]/route.ts', method: 'GET', path: '/api/clusters/{cluster}/replays/t21-matrix-missing', role: 'operator', ok: 404 },
  { route: 'app/api/clusters/[cluster]/replays/[id]/cancel/route.ts', method: 'POST', path: '/api/clusters/{cluster}/replays/t21-matrix-missing/cancel', role: 'operator', ok: 404 },
  // partition operations (issue 19): admin changes; a plan changes nothing
  { route: 'app/api/clusters/[cluster]/brokers/[id]/configs/route.ts', method: 'GET', path: '/api/clusters/{cluster}/brokers/1/configs', role: 'viewer', ok: 200 },
  { route: 'app/api/clusters/[cluster]/brokers/[id]/configs/route.ts', method: 'PATCH', path: '/api/clusters/{cluster}/brokers/1/configs', role: 'admin', ok: [200, 400], body: {} },
  { route: 'app/api/clusters/[cluster]/reassignments/route.ts', method: 'GET', path: '/api/clusters/{cluster}/reassignments', role: 'viewer', ok: 200 },
  { route: 'app/api/clusters/[cluster]/reassignments/route.ts', method: 'POST', path: '/api/clusters/{cluster}/reassignments', role: 'admin', ok: 400, body: {} },
  { route: 'app/api/clusters/[cluster]/reassignments/route.ts', method: 'DELETE', path: '/api/clusters/{cluster}/reassignments', role: 'admin', ok: 200 },
  { route: 'app/api/clusters/[cluster]/reassignments/plan/route.ts', method: 'POST', path: '/api/clusters/{cluster}/reassignments/plan', role: 'admin', ok: 400, body: {}, changesNothing: true },
  { route: 'app/api/clusters/[cluster]/reassignments/throttle/route.ts', method: 'DELETE', path: '/api/clusters/{cluster}/reassignments/throttle', role: 'admin', ok: 200 },
  { route: 'app/api/clusters/[cluster]/elections/route.ts', method: 'POST', path: '/api/clusters/{cluster}/elections', role: 'admin', ok: 400, body: {} },
  // security administration (issue 18): viewers read ACLs and quotas, admins change; credentials are admin only. The
  // test cluster has no authorizer: ACL reads answer SECURITY_DISABLED (422) there
  { route: 'app/api/clusters/[cluster]/acls/route.ts', method: 'GET', path: '/api/clusters/{cluster}/acls', role: 'viewer', ok: [200, 422] },
  { route: 'app/api/clusters/[cluster]/acls/route.ts', method: 'POST', path: '/api/clusters/{cluster}/acls', role: 'admin', ok: 400, body: {} },
  { route: 'app/api/clusters/[cluster]/acls/route.ts', method: 'DELETE', path: '/api/clusters/{cluster}/acls', role: 'admin', ok: [400, 415, 422] },
  { route: 'app/api/clusters/[cluster]/acls/effective/route.ts', method: 'GET', path: '/api/clusters/{cluster}/acls/effective', role: 'viewer', ok: 400 },
  { route: 'app/api/clusters/[cluster]/users/route.ts', method: 'GET', path: '/api/clusters/{cluster}/users', role: 'admin', ok: [200, 422] },
  { route: 'app/api/clusters/[cluster]/users/route.ts', method: 'POST', path: '/api/clusters/{cluster}/users', role: 'admin', ok: 400, body: {} },
  { route: 'app/api/clusters/[cluster]/users/[name]/route.ts', method: 'PUT', path: '/api/clusters/{cluster}/users/t7-matrix-missing', role: 'admin', ok: 400, body: {} },
  { route: 'app/api/clusters/[cluster]/users/[name]/route.ts', method: 'DELETE', path: '/api/clusters/{cluster}/users/t7-matrix-missing', role: 'admin', ok: [404, 422] },
  { route: 'app/api/clusters/[cluster]/quotas/route.ts', method: 'GET', path: '/api/clusters/{cluster}/quotas', role: 'viewer', ok: 200 },
  { route: 'app/api/clusters/[cluster]/quotas/route.ts', method: 'PUT', path: '/api/clusters/{cluster}/quotas', role: 'admin', ok: 400, body: {} },
  // share groups (issue 15): deleting a group's offsets is operator
  { route: 'app/api/clusters/[cluster]/consumer-groups/[group]/offsets/route.ts', method: 'DELETE', path: '/api/clusters/{cluster}/consumer-groups/t7-matrix-missing/offsets', role: 'operator', ok: 400 },
  // metrics and the API document (issue 20): broker metrics are viewer; /api/metrics is a token or loopback (the suite
  // calls from loopback), the document and its page are public
  { route: 'app/api/clusters/[cluster]/metrics/route.ts', method: 'GET', path: '/api/clusters/{cluster}/metrics?range=15m', role: 'viewer', ok: 200 },
  { route: 'app/api/metrics/route.ts', method: 'GET', path: '/api/metrics', role: 'public', ok: 200 },
  { route: 'app/api/openapi.json/route.ts', method: 'GET', path: '/api/openapi.json', role: 'public', ok: 200 },
  { route: 'app/api/docs/route.ts', method: 'GET', path: '/api/docs', role: 'public', ok: 200 },
  // Kafka Connect (issue 17): viewers read, operators pause/resume/stop/restart, admins create, edit, delete and change
  // schemas (issue 16): a subject that does not exist; 404 too where the cluster has no registry, 503 where it is down
  { route: 'app/api/clusters/[cluster]/schema-registry/subjects/route.ts', method: 'GET', path: '/api/clusters/{cluster}/schema-registry/subjects', role: 'viewer', ok: [200, 404] },
  { route: 'app/api/clusters/[cluster]/schema-registry/subjects/[subject]/route.ts', method: 'GET', path: '/api/clusters/{cluster}/schema-registry/subjects/t7-matrix-missing', role: 'viewer', ok: 404 },
  { route: 'app/api/clusters/[cluster]/schema-registry/subjects/[subject]/route.ts', method: 'DELETE', path: '/api/clusters/{cluster}/schema-registry/subjects/t7-matrix-missing', role: 'admin', ok: 404 },
  { route: 'app/api/clusters/[cluster]/schema-registry/subjects/[subject]/versions/route.ts', method: 'GET', path: '/api/clusters/{cluster}/schema-registry/subjects/t7-matrix-missing/versions', role: 'viewer', ok: 404 },
  { route: 'app/api/clusters/[cluster]/schema-registry/subjects/[subject]/versions/route.ts', method: 'POST', path: '/api/clusters/{cluster}/schema-registry/subjects/t7-matrix-missing/versions', role: 'admin', ok: 400, body: {} },
  { route: 'app/api/clusters/[cluster]/schema-registry/subjects/[subject]/versions/[version]/route.ts', method: 'GET', path: '/api/clusters/{cluster}/schema-registry/subjects/t7-matrix-missing/versions/1', role: 'viewer', ok: 404 },
  { route: 'app/api/clusters/[cluster]/schema-registry/subjects/[subject]/versions/[version]/route.ts', method: 'DELETE', path: '/api/clusters/{cluster}/schema-registry/subjects/t7-matrix-missing/versions/1', role: 'admin', ok: 404 },
  { route: 'app/api/clusters/[cluster]/schema-registry/compatibility/subjects/[subject]/versions/[version]/route.ts', method: 'POST', path: '/api/clusters/{cluster}/schema-registry/compatibility/subjects/t7-matrix-missing/versions/latest', role: 'viewer', ok: 400, body: {}, changesNothing: true },
  { route: 'app/api/clusters/[cluster]/schema-registry/config/route.ts', method: 'GET', path: '/api/clusters/{cluster}/schema-registry/config', role: 'viewer', ok: [200, 404] },
  { route: 'app/api/clusters/[cluster]/schema-registry/config/route.ts', method: 'PUT', path: '/api/clusters/{cluster}/schema-registry/config', role: 'admin', ok: 400, body: {} },
  { route: 'app/api/clusters/[cluster]/schema-registry/config/[subject]/route.ts', method: 'PUT', path: '/api/clusters/{cluster}/schema-registry/config/t7-matrix-missing', role: 'admin', ok: 400, body: {} },
  // offsets. A Connect cluster no one configured: 404 on both clusters (the worker's own answers are test/connect's)
  { route: 'app/api/clusters/[cluster]/connect/route.ts', method: 'GET', path: '/api/clusters/{cluster}/connect', role: 'viewer', ok: 200 },
  { route: 'app/api/clusters/[cluster]/connect/[connect]/plugins/route.ts', method: 'GET', path: '/api/clusters/{cluster}/connect/t7-matrix-missing/plugins', role: 'viewer', ok: 404 },
  { route: 'app/api/clusters/[cluster]/connect/[connect]/plugins/validate/route.ts', method: 'POST', path: '/api/clusters/{cluster}/connect/t7-matrix-missing/plugins/validate', role: 'admin', ok: [400, 404], body: {}, changesNothing: true },
  { route: 'app/api/clusters/[cluster]/connect/[connect]/connectors/route.ts', method: 'GET', path: '/api/clusters/{cluster}/connect/t7-matrix-missing/connectors', role: 'viewer', ok: 404 },
  { route: 'app/api/clusters/[cluster]/connect/[connect]/connectors/route.ts', method: 'POST', path: '/api/clusters/{cluster}/connect/t7-matrix-missing/connectors', role: 'admin', ok: [400, 404], body: {} },
  { route: 'app/api/clusters/[cluster]/connect/[connect]/connectors/[connector]/route.ts', method: 'GET', path: '/api/clusters/{cluster}/connect/t7-matrix-missing/connectors/t7-matrix-missing', role: 'viewer', ok: 404 },
  { route: 'app/api/clusters/[cluster]/connect/[connect]/connectors/[connector]/route.ts', method: 'PUT', path: '/api/clusters/{cluster}/connect/t7-matrix-missing/connectors/t7-matrix-missing', role: 'admin', ok: [400, 404], body: {} },
  { route: 'app/api/clusters/[cluster]/connect/[connect]/connectors/[connector]/route.ts', method: 'DELETE', path: '/api/clusters/{cluster}/connect/t7-matrix-missing/connectors/t7-matrix-missing', role: 'admin', ok: 404 },
  { route: 'app/api/clusters/[cluster]/connect/[connect]/connectors/[connector]/[action]/route.ts', method: 'POST', path: '/api/clusters/{cluster}/connect/t7-matrix-missing/connectors/t7-matrix-missing/nonsense', role: 'operator', ok: 404 },
  { route: 'app/api/clusters/[cluster]/connect/[connect]/connectors/[connector]/offsets/route.ts', method: 'GET', path: '/api/clusters/{cluster}/connect/t7-matrix-missing/connectors/t7-matrix-missing/offsets', role: 'viewer', ok: 404 },
  { route: 'app/api/clusters/[cluster]/connect/[connect]/connectors/[connector]/offsets/route.ts', method: 'PATCH', path: '/api/clusters/{cluster}/connect/t7-matrix-missing/connectors/t7-matrix-missing/offsets', role: 'admin', ok: [400, 404], body: {} },
  { route: 'app/api/clusters/[cluster]/connect/[connect]/connectors/[connector]/offsets/route.ts', method: 'DELETE', path: '/api/clusters/{cluster}/connect/t7-matrix-missing/connectors/t7-matrix-missing/offsets', role: 'admin', ok: 404 },
  // ↓ other features' routes: one line per route and method
  // brokers and topics (issue 3): changes to topics are admin-only
  { route: 'app/api/clusters/[cluster]/brokers/route.ts', method: 'GET', path: '/api/clusters/{cluster}/brokers', role: 'viewer', ok: 200 },
  { route: 'app/api/clusters/[cluster]/brokers/[id]/route.ts', method: 'GET', path: '/api/clusters/{cluster}/brokers/1', role: 'viewer', ok: 200 },
  { route: 'app/api/clusters/[cluster]/topics/route.ts', method: 'GET', path: '/api/clusters/{cluster}/topics?limit=1', role: 'viewer', ok: 200 },
  { route: 'app/api/clusters/[cluster]/topics/route.ts', method: 'POST', path: '/api/clusters/{cluster}/topics', role: 'admin', ok: 400, body: {} },
  { route: 'app/api/clusters/[cluster]/topics/[topic]/route.ts', method: 'GET', path: '/api/clusters/{cluster}/topics/t7-matrix-missing', role: 'viewer', ok: 404 },
  { route: 'app/api/clusters/[cluster]/topics/[topic]/route.ts', method: 'DELETE', path: '/api/clusters/{cluster}/topics/t7-matrix-missing', role: 'admin', ok: 404 },
  { route: 'app/api/clusters/[cluster]/topics/[topic]/configs/route.ts', method: 'PATCH', path: '/api/clusters/{cluster}/topics/t7-matrix-missing/configs', role: 'admin', ok: [400, 404], body: {} },
  { route: 'app/api/clusters/[cluster]/topics/[topic]/partitions/route.ts', method: 'POST', path: '/api/clusters/{cluster}/topics/t7-matrix-missing/partitions', role: 'admin', ok: 400, body: {} },
  { route: 'app/api/clusters/[cluster]/topics/[topic]/purge/route.ts', method: 'POST', path: '/api/clusters/{cluster}/topics/t7-matrix-missing/purge', role: 'admin', ok: 400, body: { mode: 'nonsense' } },
  // messages (issue 4): reading is viewer, producing is operator
  { route: 'app/api/clusters/[cluster]/topics/[topic]/messages/route.ts', method: 'GET', path: '/api/clusters/{cluster}/topics/t7-matrix-missing/messages', role: 'viewer', ok: 404 },
  { route: 'app/api/clusters/[cluster]/topics/[topic]/messages/route.ts', method: 'POST', path: '/api/clusters/{cluster}/topics/t7-matrix-missing/messages', role: 'operator', ok: 400, body: { value: 1 } },
  { route: 'app/api/clusters/[cluster]/topics/[topic]/live/route.ts', method: 'GET', path: '/api/clusters/{cluster}/topics/t7-matrix-missing/live', role: 'viewer', ok: 404 },
  { route: 'app/api/clusters/[cluster]/topics/[topic]/search/route.ts', method: 'GET', path: '/api/clusters/{cluster}/topics/t7-matrix-missing/search', role: 'viewer', ok: 400 },
  { route: 'app/api/clusters/[cluster]/live/route.ts', method: 'GET', path: '/api/clusters/{cluster}/live', role: 'viewer', ok: 400 },
  { route: 'app/api/clusters/[cluster]/streams/route.ts', method: 'GET', path: '/api/clusters/{cluster}/streams', role: 'viewer', ok: 400 },
  // weather pipeline (issue 6): reading is viewer, steering the producer is operator
  { route: 'app/api/pipeline/route.ts', method: 'GET', path: '/api/pipeline?cluster={cluster}&prefix=t7-matrix-', role: 'viewer', ok: [200, 503] },
  { route: 'app/api/pipeline/producer/route.ts', method: 'POST', path: '/api/pipeline/producer?cluster={cluster}&prefix=t7-matrix-', role: 'operator', ok: 400, body: { speedDaysPerSecond: -1 } },
  { route: 'app/api/weather/stations/route.ts', method: 'GET', path: '/api/weather/stations', role: 'viewer', ok: 200 },
  { route: 'app/api/weather/readings/route.ts', method: 'GET', path: '/api/weather/readings', role: 'viewer', ok: 400 },
  { route: 'app/api/weather/summary/route.ts', method: 'GET', path: '/api/weather/summary', role: 'viewer', ok: 400 },
  { route: 'app/api/weather/windows/route.ts', method: 'GET', path: '/api/weather/windows', role: 'viewer', ok: 400 },
  { route: 'app/api/weather/live/route.ts', method: 'GET', path: '/api/weather/live', role: 'viewer', ok: 400 },
  // consumer groups (issue 5): resets are operator, deleting a group is admin
  { route: 'app/api/clusters/[cluster]/consumer-groups/route.ts', method: 'GET', path: '/api/clusters/{cluster}/consumer-groups', role: 'viewer', ok: 200 },
  { route: 'app/api/clusters/[cluster]/consumer-groups/[group]/route.ts', method: 'GET', path: '/api/clusters/{cluster}/consumer-groups/t7-matrix-missing', role: 'viewer', ok: 404 },
  { route: 'app/api/clusters/[cluster]/consumer-groups/[group]/route.ts', method: 'DELETE', path: '/api/clusters/{cluster}/consumer-groups/t7-matrix-missing', role: 'admin', ok: 404 },
  { route: 'app/api/clusters/[cluster]/consumer-groups/[group]/offsets/route.ts', method: 'POST', path: '/api/clusters/{cluster}/consumer-groups/t7-matrix-missing/offsets', role: 'operator', ok: 400, body: {} },
  { route: 'app/api/clusters/[cluster]/consumer-groups/[group]/lag-history/route.ts', method: 'GET', path: '/api/clusters/{cluster}/consumer-groups/t7-matrix-missing/lag-history?range=1h', role: 'viewer', ok: [200, 404] },
  { route: 'app/api/clusters/[cluster]/topics/[topic]/consumers/route.ts', method: 'GET', path: '/api/clusters/{cluster}/topics/t7-matrix-missing/consumers', role: 'viewer', ok: [200, 404] },
];
