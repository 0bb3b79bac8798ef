import { pipelineQuery } from '@/lib/contracts/pipeline';
import { handle, json, queryOf } from '@/lib/server/http';
import { defaultPrefix, getPipelineReport, namesFor } from '@/lib/server/weather/pipeline-status';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The weather pipeline: topology, per-topic rates, consumer-group lag and status, DLQ count. */
export async function GET(req: Request) {
  const q = pipelineQuery.safeParse(queryOf(req));
  // The report shows the pipeline's process statuses, read from its control topic's messages.
  const derivedFrom = q.success ? [namesFor(q.data.prefix ?? defaultPrefix()).control] : undefined;
  return handle(req, { role: 'viewer', cluster: q.success ? q.data.cluster : undefined, derivedFrom }, async () => {
    const { cluster, prefix } = pipelineQuery.parse(queryOf(req));
    return json(await getPipelineReport(cluster, prefix ?? defaultPrefix()));
  });
}
