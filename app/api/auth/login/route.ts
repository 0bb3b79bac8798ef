import { signInInput } from '@/lib/contracts/auth';
import { clientAddress } from '@/lib/server/auth/guard';
import { describeMe, signIn } from '@/lib/server/auth/sign-in';
import { handle, json, readJson } from '@/lib/server/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Sign in with {username, password} or {token}; answers who you are and sets the session cookie. */
export async function POST(req: Request) {
  return handle(req, { role: 'public', action: 'auth.sign-in' }, async ({ audit }) => {
    const input = signInInput.parse(await readJson(req, 16_384));
    audit.target = 'username' in input ? input.username : 'token';
    const { principal, setCookie } = await signIn(req, input, clientAddress(req));
    audit.actor = principal;
    return json(describeMe(principal), 200, { 'set-cookie': setCookie });
  });
}
