import { handle, json, readJson, type Params } from '@/lib/server/http';
import { alterBrokerConfigs, brokerTargetParam, getBrokerConfigs } from '@/lib/server/partitions/broker-configs';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** One broker's configs, or ("default") the cluster-wide dynamic broker defaults. */
export async function GET(req: Request, { params }: Params<{ cluster: string; id: string }>) {
  const { cluster, id } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json(await getBrokerConfigs(cluster, brokerTargetParam(id))));
}

/** {set: {...}, delete: [...]}: only the keys named change. */
export async function PATCH(req: Request, { params }: Params<{ cluster: string; id: string }>) {
  const { cluster, id } = await params;
  return handle(req, { role: 'admin', cluster }, async () => json(await alterBrokerConfigs(cluster, brokerTargetParam(id), await readJson(req))));
}
