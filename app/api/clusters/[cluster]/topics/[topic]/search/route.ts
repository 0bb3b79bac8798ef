import { handle, type Params } from '@/lib/server/http';
import { openSearch } from '@/lib/server/messages/search';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A whole-topic search, streamed as NDJSON (progress, matches, done); closing the request cancels it. */
export async function GET(req: Request, { params }: Params<{ cluster: string; topic: string }>) {
  const { cluster, topic } = await params;
  return handle(req, { role: 'viewer', cluster, messagesOf: topic }, ({ principal }) => openSearch(req, cluster, topic, principal), { topic });
}
