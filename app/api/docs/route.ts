import { handle } from '@/lib/server/http';
import { apiDocument } from '@/lib/server/openapi/api-document';
import { renderApiDocs } from '@/lib/server/openapi/docs-page';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The OpenAPI document as one server-rendered page for people: no script, nothing from a CDN. */
export async function GET(req: Request) {
  return handle(req, { role: 'public' }, async () =>
    new Response(renderApiDocs(apiDocument()), {
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        // the page runs no script at all; its style is inline
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      },
    }),
  );
}
