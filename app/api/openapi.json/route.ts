import { handle, json } from '@/lib/server/http';
import { apiDocument } from '@/lib/server/openapi/api-document';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The HTTP API as OpenAPI 3.1, generated from the zod contracts (lib/server/openapi). */
export async function GET(req: Request) {
  return handle(req, { role: 'public' }, async () => json(apiDocument()));
}
