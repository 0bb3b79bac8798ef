import { deleteQuery, subjectPath } from '@/lib/contracts/schemas';
import { handle, json, queryOf, type Params } from '@/lib/server/http';
import { deleteSubject, getSubject } from '@/lib/server/schemas/registry';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = Params<{ cluster: string; subject: string }>;

export async function GET(req: Request, { params }: Ctx) {
  const { cluster, subject } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json(await getSubject(cluster, subjectPath.parse({ subject: decodeURIComponent(subject) }).subject)));
}

/** Soft delete (?permanent=false) or, after one, hard delete (?permanent=true): every version. */
export async function DELETE(req: Request, { params }: Ctx) {
  const { cluster, subject: raw } = await params;
  const subject = decodeURIComponent(raw);
  return handle(req, { role: 'admin', cluster, action: 'schema.subject.delete', target: subject }, async ({ audit }) => {
    const q = deleteQuery.parse(queryOf(req));
    audit.detail = q.permanent === 'true' ? 'permanent' : 'soft';
    return json(await deleteSubject(cluster, subjectPath.parse({ subject }).subject, null, q.permanent === 'true'));
  });
}
