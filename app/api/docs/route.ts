import { handle } from '@/lib/server/http';
import { apiDocument } from '@/lib/server/openapi/api-document';
import { DOCS_CSP, renderApiDocs } from '@/lib/server/openapi/docs-page';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The OpenAPI document as one server-rendered page for people: no script, nothing from a CDN. */
export async function GET(req: Request) {
  return handle(req, { role: 'public' }, async () =>
    new Response(renderApiDocs(apiDocument()), {
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        // the page runs no script at all; its one inline style sheet is allowed by its hash
        'content-security-policy': DOCS_CSP,
      },
    }),
  );
}
