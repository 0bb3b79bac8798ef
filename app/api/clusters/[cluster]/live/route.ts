import { liveStreamQuery } from '@/lib/contracts/streams';
import { handle, queryOf, type Params } from '@/lib/server/http';
import { sseResponse } from '@/lib/server/live/sse-writer';
import { openLiveEvents } from '@/lib/server/messages/live-stream';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Live tail of several topics on one stream (?topic=a&topic=b): a tab holds one connection. */
export async function GET(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  const topics = new URL(req.url).searchParams.getAll('topic');
  return handle(req, { role: 'viewer', cluster, reads: [...new Set(topics.filter(Boolean))] }, async ({ principal }) => {
    const q = liveStreamQuery.parse({ ...queryOf(req), topic: topics });
    return sseResponse(await openLiveEvents(cluster, q, req.headers.get('last-event-id') ?? undefined, principal), req.signal);
  });
}
