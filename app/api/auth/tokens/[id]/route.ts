import { tokenIdParam } from '@/lib/contracts/auth';
import { revokeApiToken } from '@/lib/server/auth/api-tokens';
import { BadRequest } from '@/lib/server/errors';
import { handle, json, type Params } from '@/lib/server/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function DELETE(req: Request, { params }: Params<{ id: string }>) {
  const { id } = await params;
  return handle(req, { role: 'admin', action: 'auth.token-revoke' }, async ({ audit }) => {
    const parsed = tokenIdParam.safeParse(id);
    if (!parsed.success) throw new BadRequest('the token id must be a positive whole number', 'id');
    const revoked = await revokeApiToken(parsed.data);
    audit.target = revoked.name;
    return json({ revoked });
  });
}
