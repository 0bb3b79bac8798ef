import { groupId } from '@/lib/contracts/groups';
import { handle, json, type Params } from '@/lib/server/http';
import { deleteGroup, getGroup } from '@/lib/server/groups/groups';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = Params<{ cluster: string; group: string }>;

export async function GET(req: Request, { params }: Ctx) {
  const { cluster, group } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json(await getGroup(cluster, groupId.parse(group))), { group });
}

export async function DELETE(req: Request, { params }: Ctx) {
  const { cluster, group } = await params;
  return handle(req, { role: 'admin', cluster }, async () => json(await deleteGroup(cluster, groupId.parse(group))), { group });
}
