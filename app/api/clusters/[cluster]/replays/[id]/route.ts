import { replayId } from '@/lib/contracts/replays';
import { handle, json, type Params } from '@/lib/server/http';
import { getRun } from '@/lib/server/replay/replay-runs';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: Params<{ cluster: string; id: string }>) {
  const { cluster, id } = await params;
  return handle(req, { role: 'operator', cluster }, async () => json(getRun(replayId.parse({ id }).id)));
}
