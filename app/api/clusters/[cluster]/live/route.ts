import { handle, type Params } from '@/lib/server/http';
import { openLiveStream } from '@/lib/server/messages/live-stream';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Live tail of several topics on one stream (?topic=a&topic=b): a tab holds one connection. */
export async function GET(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  const topics = [...new Set(new URL(req.url).searchParams.getAll('topic').filter(Boolean))];
  return handle(req, { role: 'viewer', cluster, reads: topics }, ({ principal }) => openLiveStream(req, cluster, topics, principal));
}
