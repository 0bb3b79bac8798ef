import { replayId } from '@/lib/contracts/replays';
import { handle, json, type Params } from '@/lib/server/http';
import { cancelRun } from '@/lib/server/replay/replay-runs';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Stops a running replay after the batch in flight; the run then reports how many were sent. */
export async function POST(req: Request, { params }: Params<{ cluster: string; id: string }>) {
  const { cluster, id } = await params;
  return handle(req, { role: 'operator', cluster, action: 'replay.cancel', target: `replay ${id}` }, async () => json(cancelRun(replayId.parse({ id }).id)));
}
