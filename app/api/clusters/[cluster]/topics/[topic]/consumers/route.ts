import { handle, json, type Params } from '@/lib/server/http';
import { groupsForTopic } from '@/lib/server/groups/groups';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Consumer groups that read the topic (its Consumers tab). */
export async function GET(req: Request, { params }: Params<{ cluster: string; topic: string }>) {
  const { cluster, topic } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json(await groupsForTopic(cluster, topic)), { topic });
}
