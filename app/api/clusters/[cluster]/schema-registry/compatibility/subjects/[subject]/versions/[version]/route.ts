import { registerSchemaInput, subjectVersionPath } from '@/lib/contracts/schemas';
import { handle, json, readJson, type Params } from '@/lib/server/http';
import { checkCompatibility } from '@/lib/server/schemas/registry';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = Params<{ cluster: string; subject: string; version: string }>;

/** The registry's verdict on a candidate schema; changes nothing, so a viewer may ask. */
export async function POST(req: Request, { params }: Ctx) {
  const { cluster, subject, version } = await params;
  return handle(req, { role: 'viewer', cluster, mutation: false }, async () => {
    const p = subjectVersionPath.parse({ subject: decodeURIComponent(subject), version });
    return json(await checkCompatibility(cluster, p.subject, p.version, registerSchemaInput.parse(await readJson(req))));
  });
}
