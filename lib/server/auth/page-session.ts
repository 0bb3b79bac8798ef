import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { MeResponse } from '@/lib/contracts/auth';
import { AppError } from '../errors';
import { authenticate } from './authenticate';
import { describeMe } from './sign-in';

/** The signed-in user for a page (server components), from the request's cookie. */
export async function pagePrincipal(): Promise<MeResponse> {
  const h = await headers();
  const req = new Request('http://console.invalid/', { headers: new Headers(h) });
  try {
    return describeMe(await authenticate(req));
  } catch (err) {
    if (err instanceof AppError) return describeMe(null); // bad or expired cookie: signed out
    throw err;
  }
}

/** Pages need a signed-in user: everyone else goes to /login and comes back here after. */
export async function requireSignedIn(next: string): Promise<MeResponse> {
  const me = await pagePrincipal();
  if (!me.principal) redirect(`/login?next=${encodeURIComponent(next)}`);
  return me;
}

/** Only same-origin paths may be a redirect target after sign-in (safe-next.ts). */
export { safeNext } from './safe-next';
