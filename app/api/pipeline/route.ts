import { pipelineQuery } from '@/lib/contracts/pipeline';
import { handle, json, queryOf } from '@/lib/server/http';
import { defaultPrefix, getPipelineReport } from '@/lib/server/weather/pipeline-status';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The weather pipeline: topology, per-topic rates, consumer-group lag and status, DLQ count. */
export async function GET(req: Request) {
  const q = pipelineQuery.safeParse(queryOf(req));
  return handle(req, { role: 'viewer', cluster: q.success ? q.data.cluster : undefined }, async () => {
    const { cluster, prefix } = pipelineQuery.parse(queryOf(req));
    return json(await getPipelineReport(cluster, prefix ?? defaultPrefix()));
  });
}
