import { handle, json, readJson, type Params } from '@/lib/server/http';
import { deleteScramUser, rotateScramPassword } from '@/lib/server/security/scram-users';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = Params<{ cluster: string; name: string }>;

/** A new password: {mechanism, password, iterations}. */
export async function PUT(req: Request, { params }: Ctx) {
  const { cluster, name } = await params;
  return handle(req, { role: 'admin', cluster, action: 'scram-user.rotate-password', target: name }, async () =>
    json({ user: await rotateScramPassword(cluster, name, await readJson(req)) }),
  );
}

/** ?mechanism=SCRAM-SHA-512 removes one credential; without it, every credential of the user. */
export async function DELETE(req: Request, { params }: Ctx) {
  const { cluster, name } = await params;
  return handle(req, { role: 'admin', cluster, action: 'scram-user.delete', target: name }, async () =>
    json(await deleteScramUser(cluster, name, new URL(req.url).searchParams.get('mechanism'))),
  );
}
