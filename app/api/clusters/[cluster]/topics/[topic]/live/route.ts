import { handle, type Params } from '@/lib/server/http';
import { openLiveStream } from '@/lib/server/messages/live-stream';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Live tail of one topic as Server-Sent Events. */
export async function GET(req: Request, { params }: Params<{ cluster: string; topic: string }>) {
  const { cluster, topic } = await params;
  return handle(req, { role: 'viewer', cluster, messagesOf: topic }, ({ principal }) => openLiveStream(req, cluster, [topic], principal), { topic });
}
