import { handle, queryOf, type Params } from '@/lib/server/http';
import { openMultiplexedStream, topicsOfStreams } from '@/lib/server/streams/multiplex';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Several live streams on one connection (?s=[{key,kind,query,resume}]): a browser holds one connection. */
export async function GET(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  const query = queryOf(req);
  return handle(req, { role: 'viewer', cluster, reads: topicsOfStreams(query) }, ({ principal }) =>
    openMultiplexedStream(cluster, query, req.headers.get('last-event-id') ?? undefined, principal, req.signal),
  );
}
