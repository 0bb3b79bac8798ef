import { handle, json, readJson, type Params } from '@/lib/server/http';
import { createScramUser, listScramUsers } from '@/lib/server/security/scram-users';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = Params<{ cluster: string }>;

// Credentials are admin business, reading included: viewers see ACLs and quotas, not who can sign in.
export async function GET(req: Request, { params }: Ctx) {
  const { cluster } = await params;
  return handle(req, { role: 'admin', cluster }, async () => json({ users: await listScramUsers(cluster) }));
}

/** {name, mechanism, password, iterations}; the password is never echoed or logged. */
export async function POST(req: Request, { params }: Ctx) {
  const { cluster } = await params;
  return handle(req, { role: 'admin', cluster, action: 'scram-user.create' }, async ({ audit }) => {
    const body = await readJson(req);
    const name = (body as { name?: unknown })?.name;
    if (typeof name === 'string') audit.target = name;
    return json({ user: await createScramUser(cluster, body) }, 201);
  });
}
