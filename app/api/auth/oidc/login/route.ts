import { beginSignIn } from '@/lib/server/auth/oidc';
import { handle } from '@/lib/server/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Starts single sign-on: redirects to the identity provider (404 when SSO is not configured). */
export async function GET(req: Request) {
  return handle(req, { role: 'public' }, async () => {
    const { location, setCookie } = await beginSignIn(req);
    return new Response(null, { status: 302, headers: { location, 'set-cookie': setCookie, 'cache-control': 'no-store' } });
  });
}
