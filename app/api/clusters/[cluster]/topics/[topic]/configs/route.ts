import { handle, json, readJson, type Params } from '@/lib/server/http';
import { alterTopicConfigs, topicParam } from '@/lib/server/kafka/topics';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function PATCH(req: Request, { params }: Params<{ cluster: string; topic: string }>) {
  const { cluster, topic } = await params;
  return handle(req, { role: 'admin', cluster }, async () => json(await alterTopicConfigs(cluster, topicParam(topic), await readJson(req))), { topic });
}
