import { groupId, resetOffsetsInput } from '@/lib/contracts/groups';
import { handle, json, readJson, type Params } from '@/lib/server/http';
import { resetOffsets } from '@/lib/server/groups/groups';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(req: Request, { params }: Params<{ cluster: string; group: string }>) {
  const { cluster, group } = await params;
  return handle(
    req,
    { role: 'operator', cluster },
    async () => {
      const input = resetOffsetsInput.parse(await readJson(req));
      return json(await resetOffsets(cluster, groupId.parse(group), input));
    },
    { group },
  );
}
