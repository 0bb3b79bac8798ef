import { deleteGroupOffsetsQuery, groupId, resetOffsetsInput } from '@/lib/contracts/groups';
import { handle, json, readJson, type Params } from '@/lib/server/http';
import { deleteGroupOffsets, resetOffsets } from '@/lib/server/groups/groups';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = Params<{ cluster: string; group: string }>;

export async function POST(req: Request, { params }: Ctx) {
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

/** ?topic=: a share group's state for that topic is deleted (kafka-share-groups.sh --delete-offsets). */
export async function DELETE(req: Request, { params }: Ctx) {
  const { cluster, group } = await params;
  return handle(
    req,
    { role: 'operator', cluster },
    async () => {
      const { topic } = deleteGroupOffsetsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
      return json(await deleteGroupOffsets(cluster, groupId.parse(group), topic));
    },
    { group },
  );
}
