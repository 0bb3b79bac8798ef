import { handle, json, type Params } from '@/lib/server/http';
import { listConnectClusters } from '@/lib/server/connect/connect-clusters';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json({ clusters: await listConnectClusters(cluster) }));
}
