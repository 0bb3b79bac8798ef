import { handle, json } from '@/lib/server/http';
import { listClusterConfigs, toClusterSummary } from '@/lib/server/clusters';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  return handle(req, { role: 'viewer' }, async () => json({ clusters: listClusterConfigs().map(toClusterSummary) }));
}
