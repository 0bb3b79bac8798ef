import { describeMe } from '@/lib/server/auth/sign-in';
import { handle, json } from '@/lib/server/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Who is calling (null when signed out), whether authentication is on, and whether SSO is offered. */
export async function GET(req: Request) {
  return handle(req, { role: 'public' }, async ({ principal }) => json(describeMe(principal)));
}
