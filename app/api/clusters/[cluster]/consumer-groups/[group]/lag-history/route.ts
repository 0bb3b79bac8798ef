import { groupId, lagHistoryQuery } from '@/lib/contracts/groups';
import { handle, json, queryOf, type Params } from '@/lib/server/http';
import { getLagHistory } from '@/lib/server/groups/groups';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: Params<{ cluster: string; group: string }>) {
  const { cluster, group } = await params;
  return handle(
    req,
    { role: 'viewer', cluster },
    async () => {
      const q = lagHistoryQuery.parse(queryOf(req));
      return json(await getLagHistory(cluster, groupId.parse(group), q.range, q.topic));
    },
    { group },
  );
}
