import { compatibilityInput, subjectPath } from '@/lib/contracts/schemas';
import { handle, json, readJson, type Params } from '@/lib/server/http';
import { setCompatibility } from '@/lib/server/schemas/registry';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function PUT(req: Request, { params }: Params<{ cluster: string; subject: string }>) {
  const { cluster, subject: raw } = await params;
  const subject = decodeURIComponent(raw);
  return handle(req, { role: 'admin', cluster, action: 'schema.config.subject', target: subject }, async ({ audit }) => {
    const { subject: s } = subjectPath.parse({ subject });
    const input = compatibilityInput.parse(await readJson(req));
    audit.detail = input.compatibility;
    return json(await setCompatibility(cluster, s, input.compatibility));
  });
}
