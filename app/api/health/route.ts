import { handle, json } from '@/lib/server/http';
import { healthReport } from '@/lib/server/health';
import { appVersion } from '@/lib/server/version';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Kafka reachability and latency per cluster. 200 even when degraded: the console itself is up. */
export async function GET(req: Request) {
  return handle(req, { role: 'public' }, async () => json(await healthReport(appVersion)));
}
