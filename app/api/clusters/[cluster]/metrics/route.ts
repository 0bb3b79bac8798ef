import { getBrokerMetrics } from '@/lib/server/broker-metrics/broker-metrics';
import { handle, json, queryOf, type Params } from '@/lib/server/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Broker and topic metrics over a time range (?scope=cluster|broker|topic&range=15m|1h|6h|24h&broker=&topic=). */
export async function GET(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json(await getBrokerMetrics(cluster, queryOf(req))));
}
