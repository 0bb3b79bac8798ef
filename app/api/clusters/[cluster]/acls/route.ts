import { handle, json, queryOf, readJson, type Params } from '@/lib/server/http';
import { createAcl, describeBinding, listAcls, removeAcls } from '@/lib/server/security/acls';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = Params<{ cluster: string }>;

export async function GET(req: Request, { params }: Ctx) {
  const { cluster } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json(await listAcls(cluster, queryOf(req))));
}

export async function POST(req: Request, { params }: Ctx) {
  const { cluster } = await params;
  return handle(req, { role: 'admin', cluster, action: 'acl.create' }, async ({ audit }) => {
    const acl = await createAcl(cluster, await readJson(req));
    audit.target = describeBinding(acl);
    return json({ acl }, 201);
  });
}

/** Body {filter, dryRun}: dryRun lists what the filter would remove. */
export async function DELETE(req: Request, { params }: Ctx) {
  const { cluster } = await params;
  return handle(req, { role: 'admin', cluster, action: 'acl.delete' }, async ({ audit }) => {
    const body = await readJson(req);
    audit.target = JSON.stringify((body as { filter?: unknown })?.filter ?? null).slice(0, 400);
    const result = await removeAcls(cluster, body);
    audit.detail = `${result.dryRun ? 'preview: would remove' : 'removed'} ${result.acls.length} ACL(s)${result.acls.length ? `: ${result.acls.slice(0, 20).map(describeBinding).join('; ')}` : ''}`;
    return json(result);
  });
}
