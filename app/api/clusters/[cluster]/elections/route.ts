import { handle, json, readJson, type Params } from '@/lib/server/http';
import { runElection } from '@/lib/server/partitions/elections';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** {type: preferred|unclean, topic? | partitions?, acceptDataLoss?} */
export async function POST(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'admin', cluster, action: 'leader-election' }, async () => json(await runElection(cluster, await readJson(req))));
}
