import { pipelineQuery, producerControlInput } from '@/lib/contracts/pipeline';
import { handle, json, queryOf, readJson } from '@/lib/server/http';
import { controlProducer, defaultPrefix } from '@/lib/server/weather/pipeline-status';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Pause/resume the replay producer or change its speed, through the pipeline's control topic. */
export async function POST(req: Request) {
  const q = pipelineQuery.safeParse(queryOf(req));
  return handle(req, { role: 'operator', cluster: q.success ? q.data.cluster : undefined }, async () => {
    const { cluster, prefix } = pipelineQuery.parse(queryOf(req));
    const input = producerControlInput.parse(await readJson(req));
    return json(await controlProducer(cluster, prefix ?? defaultPrefix(), input));
  });
}
