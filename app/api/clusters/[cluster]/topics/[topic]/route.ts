import { handle, json, type Params } from '@/lib/server/http';
import { deleteTopic, getTopic, topicParam } from '@/lib/server/kafka/topics';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = Params<{ cluster: string; topic: string }>;

export async function GET(req: Request, { params }: Ctx) {
  const { cluster, topic } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json(await getTopic(cluster, topicParam(topic))), { topic });
}

export async function DELETE(req: Request, { params }: Ctx) {
  const { cluster, topic } = await params;
  return handle(req, { role: 'admin', cluster }, async () => json(await deleteTopic(cluster, topicParam(topic))), { topic });
}
