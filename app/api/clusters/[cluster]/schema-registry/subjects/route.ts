import { subjectsQuery } from '@/lib/contracts/schemas';
import { handle, json, queryOf, type Params } from '@/lib/server/http';
import { listSubjects } from '@/lib/server/schemas/registry';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json(await listSubjects(cluster, subjectsQuery.parse(queryOf(req)))));
}
