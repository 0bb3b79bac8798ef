import { createTokenInput } from '@/lib/contracts/auth';
import { createApiToken, listApiTokens } from '@/lib/server/auth/api-tokens';
import { handle, json, readJson } from '@/lib/server/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  return handle(req, { role: 'admin' }, async () => json({ tokens: await listApiTokens() }));
}

/** Makes an API token for scripts and CI; the token is in this answer only, never again. */
export async function POST(req: Request) {
  return handle(req, { role: 'admin', action: 'auth.token-create' }, async ({ principal, audit }) => {
    const input = createTokenInput.parse(await readJson(req, 16_384));
    audit.target = input.name;
    return json(await createApiToken(input, principal), 201);
  });
}
