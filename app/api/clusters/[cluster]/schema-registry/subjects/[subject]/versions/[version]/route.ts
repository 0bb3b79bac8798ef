import { deleteQuery, subjectVersionPath } from '@/lib/contracts/schemas';
import { handle, json, queryOf, type Params } from '@/lib/server/http';
import { deleteSubject, getVersion } from '@/lib/server/schemas/registry';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = Params<{ cluster: string; subject: string; version: string }>;

export async function GET(req: Request, { params }: Ctx) {
  const { cluster, subject, version } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => {
    const p = subjectVersionPath.parse({ subject: decodeURIComponent(subject), version });
    return json(await getVersion(cluster, p.subject, p.version, new URL(req.url).searchParams.get('deleted') === 'true'));
  });
}

export async function DELETE(req: Request, { params }: Ctx) {
  const { cluster, subject: raw, version } = await params;
  const subject = decodeURIComponent(raw);
  return handle(req, { role: 'admin', cluster, action: 'schema.version.delete', target: `${subject}/${version}` }, async ({ audit }) => {
    const p = subjectVersionPath.parse({ subject, version });
    const q = deleteQuery.parse(queryOf(req));
    audit.detail = q.permanent === 'true' ? 'permanent' : 'soft';
    return json(await deleteSubject(cluster, p.subject, p.version, q.permanent === 'true'));
  });
}
