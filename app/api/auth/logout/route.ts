import { describeMe, signOut } from '@/lib/server/auth/sign-in';
import { handle } from '@/lib/server/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Signs out: revokes the session (a copied cookie stops working too) and clears the cookie. */
export async function POST(req: Request) {
  return handle(req, { role: 'public', action: 'auth.sign-out' }, async ({ principal }) => {
    const cookies = await signOut(req, principal);
    const headers = new Headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    for (const c of cookies) headers.append('set-cookie', c);
    return new Response(JSON.stringify(describeMe(null)), { status: 200, headers });
  });
}
