import { handle, json, queryOf, readJson, type Params } from '@/lib/server/http';
import { createTopic, listTopics } from '@/lib/server/kafka/topics';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json(await listTopics(cluster, queryOf(req))));
}

export async function POST(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'admin', cluster }, async () => json(await createTopic(cluster, await readJson(req)), 201));
}
