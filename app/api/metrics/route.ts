import { AppError } from '@/lib/server/errors';
import { errorResponse } from '@/lib/server/http';
import { settings } from '@/lib/server/config';
import { metricsAccess } from '@/lib/server/observability/metrics-access';
import { metricsText } from '@/lib/server/observability/metrics-text';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * Riffle's own metrics in Prometheus' text format, for a metrics token or a loopback client
 * (metrics-access.ts). Not through handle(): its sign-in would refuse the metrics token as an
 * unknown console token, and a scraper has no console account. Scrapes are not counted in
 * riffle_http_requests_total, so a scrape never changes the numbers it reads.
 */
export async function GET(req: Request) {
  // as handle() does for every other route: Next's internal header once skipped middleware
  if (req.headers.has('x-middleware-subrequest')) return errorResponse(new AppError(403, 'FORBIDDEN', 'request refused: it carries an internal Next.js header (x-middleware-subrequest)'));
  const access = metricsAccess({
    listenHost: settings().host,
    token: process.env.RIFFLE_METRICS_TOKEN || undefined,
    authorization: req.headers.get('authorization'),
    host: req.headers.get('host'),
    forwardedFor: req.headers.get('x-forwarded-for'),
  });
  if (!access.allowed) return errorResponse(new AppError(access.status, access.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', access.reason));
  const { text, contentType } = await metricsText();
  return new Response(text, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
