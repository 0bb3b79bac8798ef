import { handle, json, readJson, type Params } from '@/lib/server/http';
import { planReassignment } from '@/lib/server/partitions/reassignments';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A plan (decommission, balance, replication factor) with its before/after grid; changes nothing. */
export async function POST(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'admin', cluster, mutation: false }, async () => json(await planReassignment(cluster, await readJson(req))));
}
