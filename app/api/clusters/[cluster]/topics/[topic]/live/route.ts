import { liveStreamQuery } from '@/lib/contracts/streams';
import { handle, queryOf, type Params } from '@/lib/server/http';
import { sseResponse } from '@/lib/server/live/sse-writer';
import { openLiveEvents } from '@/lib/server/messages/live-stream';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Live tail of one topic as Server-Sent Events. */
export async function GET(req: Request, { params }: Params<{ cluster: string; topic: string }>) {
  const { cluster, topic } = await params;
  return handle(
    req,
    { role: 'viewer', cluster, messagesOf: topic },
    async ({ principal }) => {
      const q = liveStreamQuery.parse({ ...queryOf(req), topic });
      return sseResponse(await openLiveEvents(cluster, q, req.headers.get('last-event-id') ?? undefined, principal), req.signal);
    },
    { topic },
  );
}
