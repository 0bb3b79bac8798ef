import { handle, json, type Params } from '@/lib/server/http';
import { groupListQuery } from '@/lib/contracts/groups';
import { listGroups } from '@/lib/server/groups/groups';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => {
    const query = groupListQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
    return json(await listGroups(cluster, query));
  });
}
