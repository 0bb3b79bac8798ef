import { handle, json, queryOf, readJson, type Params } from '@/lib/server/http';
import { alterQuota, listQuotas } from '@/lib/server/security/quotas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = Params<{ cluster: string }>;

/** Every quota entity; with ?user=&clientId= also which quota applies to that pair. */
export async function GET(req: Request, { params }: Ctx) {
  const { cluster } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json(await listQuotas(cluster, queryOf(req))));
}

/** {entity: {user?, clientId?}, set: {...}, remove: [...]}; null in entity is the default. */
export async function PUT(req: Request, { params }: Ctx) {
  const { cluster } = await params;
  return handle(req, { role: 'admin', cluster, action: 'quota.alter' }, async ({ audit }) => {
    const body = await readJson(req);
    const result = await alterQuota(cluster, body);
    const b = body as { set?: object; remove?: string[] };
    audit.target = result.description;
    audit.detail = `set ${JSON.stringify(b.set ?? {})} remove ${JSON.stringify(b.remove ?? [])}`;
    return json(result);
  });
}
