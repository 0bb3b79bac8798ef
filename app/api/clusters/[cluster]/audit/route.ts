import { auditQuery } from '@/lib/contracts/audit';
import { listAudit } from '@/lib/server/audit';
import { handle, json, queryOf, type Params } from '@/lib/server/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The audit log of this cluster (and console-wide events with scope=all), newest first. */
export async function GET(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'admin', cluster }, async () => json(await listAudit(cluster, auditQuery.parse(queryOf(req)))));
}
