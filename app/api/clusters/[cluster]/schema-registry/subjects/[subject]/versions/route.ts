import { registerSchemaInput, subjectPath } from '@/lib/contracts/schemas';
import { handle, json, readJson, type Params } from '@/lib/server/http';
import { getSubject, registerSchema } from '@/lib/server/schemas/registry';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = Params<{ cluster: string; subject: string }>;

export async function GET(req: Request, { params }: Ctx) {
  const { cluster, subject } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json((await getSubject(cluster, subjectPath.parse({ subject: decodeURIComponent(subject) }).subject)).versions));
}

/** Registers a new version; the registry checks compatibility and refuses with its own message (409). */
export async function POST(req: Request, { params }: Ctx) {
  const { cluster, subject: raw } = await params;
  const subject = decodeURIComponent(raw);
  return handle(req, { role: 'admin', cluster, action: 'schema.version.register', target: subject }, async ({ audit }) => {
    const { subject: s } = subjectPath.parse({ subject });
    const input = registerSchemaInput.parse(await readJson(req));
    const r = await registerSchema(cluster, s, input);
    audit.detail = `id ${r.id}, version ${r.version ?? '?'} (${input.schemaType})`;
    return json(r, 201);
  });
}
