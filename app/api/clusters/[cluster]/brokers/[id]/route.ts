import { brokerIdParam } from '@/lib/contracts/brokers';
import { BadRequest } from '@/lib/server/errors';
import { handle, json, type Params } from '@/lib/server/http';
import { getBroker } from '@/lib/server/kafka/brokers';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: Params<{ cluster: string; id: string }>) {
  const { cluster, id } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => {
    const parsed = brokerIdParam.safeParse(id);
    if (!parsed.success) throw new BadRequest(`broker id must be a whole number, not "${id}"`, 'broker', 'VALIDATION_FAILED');
    return json(await getBroker(cluster, parsed.data));
  });
}
