import { alertHistoryQuery } from '@/lib/contracts/alerts';
import { handle, json, queryOf, type Params } from '@/lib/server/http';
import { alertHistory } from '@/lib/server/lag/alerts/alert-history';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Alerts newest first, with each notification's attempts. */
export async function GET(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json(await alertHistory(cluster, alertHistoryQuery.parse(queryOf(req)))));
}
