import type { PublicHealth } from '@/lib/contracts/cluster';
import { handle, json } from '@/lib/server/http';
import { healthReport } from '@/lib/server/health';
import { appVersion } from '@/lib/server/version';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * Kafka reachability and latency per cluster. 200 even when degraded: the console itself is up.
 * Anonymous callers (load balancers, uptime checks) learn up or down only: broker addresses,
 * cluster names and Kafka's errors are for signed-in users.
 */
export async function GET(req: Request) {
  return handle(req, { role: 'public' }, async ({ principal }) => {
    const report = await healthReport(appVersion);
    return json(principal ? report : ({ status: report.status } satisfies PublicHealth));
  });
}
