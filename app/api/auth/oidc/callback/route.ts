import { browserFriendly, finishSignIn, OIDC_FLOW_COOKIE } from '@/lib/server/auth/oidc';
import { readCookie } from '@/lib/server/auth/session';
import { handle } from '@/lib/server/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * The identity provider sends the browser back here; on success the session starts and the
 * console opens. Any failure opens no session: 4xx JSON (503 if the provider is unreachable),
 * or, for a browser, back to /login with the reason.
 */
export async function GET(req: Request) {
  const res = await handle(req, { role: 'public' }, async () => {
    const { setCookie, next } = await finishSignIn(req, readCookie(req.headers.get('cookie'), OIDC_FLOW_COOKIE));
    const headers = new Headers({ location: next, 'cache-control': 'no-store' });
    headers.append('set-cookie', setCookie);
    headers.append('set-cookie', `${OIDC_FLOW_COOKIE}=; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0`);
    return new Response(null, { status: 302, headers });
  });
  return browserFriendly(req, res);
}
