import type { StreamSlotsResponse } from '@/lib/contracts/auth';
import { streamSlotsOf } from '@/lib/server/auth/limits';
import { handle, json } from '@/lib/server/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The caller's open live streams and their limit (every tab of a browser shares one stream per watch). */
export async function GET(req: Request) {
  return handle(req, { role: 'viewer' }, async ({ principal }) => json(streamSlotsOf(principal) satisfies StreamSlotsResponse));
}
