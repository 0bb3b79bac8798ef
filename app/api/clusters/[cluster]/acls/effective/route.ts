import { handle, json, queryOf, type Params } from '@/lib/server/http';
import { effectiveAccessOf } from '@/lib/server/security/acls';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** ?principal=User:alice&resourceType=TOPIC&resourceName=orders&host=* */
export async function GET(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json(await effectiveAccessOf(cluster, queryOf(req))));
}
