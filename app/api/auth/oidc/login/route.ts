import { beginSignIn, browserFriendly } from '@/lib/server/auth/oidc';
import { handle } from '@/lib/server/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * Starts single sign-on: redirects to the identity provider (404 when SSO is not configured,
 * 503 when the provider cannot be reached; a browser is sent back to /login with the reason).
 */
export async function GET(req: Request) {
  const res = await handle(req, { role: 'public' }, async () => {
    const { location, setCookie } = await beginSignIn(req);
    return new Response(null, { status: 302, headers: { location, 'set-cookie': setCookie, 'cache-control': 'no-store' } });
  });
  return browserFriendly(req, res);
}
