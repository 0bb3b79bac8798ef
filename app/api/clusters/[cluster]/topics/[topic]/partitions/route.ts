import { addPartitionsInput } from '@/lib/contracts/topics';
import { handle, json, readJson, type Params } from '@/lib/server/http';
import { addPartitions, topicParam } from '@/lib/server/kafka/topics';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(req: Request, { params }: Params<{ cluster: string; topic: string }>) {
  const { cluster, topic } = await params;
  return handle(
    req,
    { role: 'admin', cluster },
    async () => {
      const name = topicParam(topic);
      const { count } = addPartitionsInput.parse(await readJson(req));
      return json(await addPartitions(cluster, name, count));
    },
    { topic },
  );
}
