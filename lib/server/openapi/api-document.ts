import 'server-only';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { apiErrorBody } from '@/lib/contracts/errors';
import { appVersion } from '../version';
import { apiRoutes, type ApiRoute } from './api-routes';
import { singleton } from '../singleton';

/**
 * GET /api/openapi.json: OpenAPI 3.1, generated from the zod schemas the routes parse with
 * (api-routes.ts), by @asteasolutions/zod-to-openapi. Built once per process: the schemas don't
 * change while it runs.
 */
const ERRORS: Record<string, string> = {
  '400': 'Bad input: the error names the field (`error.field`) and why',
  '401': 'Not signed in, or a bad token',
  '403': 'The role is not enough, the cluster is read-only, or the request is cross-site',
  '404': 'No such cluster, topic, group, broker or token',
  '409': 'Conflicts with the current state (exists already, group not empty)',
  '413': 'Body over the size limit',
  '415': 'Changes must be sent as application/json',
  '422': 'Well-formed but not acceptable (e.g. not JSON)',
  '429': 'Too many changes: slow down',
  '503': 'Kafka (or the database) cannot be reached: the reason is in the message',
};

function errorStatuses(route: ApiRoute): string[] {
  const statuses = ['400', '404', '503'];
  if (route.role !== 'public') statuses.push('401', '403');
  if (route.body) statuses.push('409', '413', '415', '422', '429');
  return statuses.sort();
}

function build(): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  // A component of its own, referenced by every error answer: the one error shape, once.
  const { $schema: _dialect, ...errorSchema } = z.toJSONSchema(apiErrorBody) as Record<string, unknown>;
  registry.registerComponent('schemas', 'ApiError', errorSchema);
  const error = { $ref: '#/components/schemas/ApiError' };
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API token (RIFFLE_ADMIN_TOKEN, a configured token, or one made at /settings/tokens); GET /api/metrics takes RIFFLE_METRICS_TOKEN' });
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'riffle_session', description: 'The console session, from POST /api/auth/login or single sign-on' });
  for (const route of apiRoutes()) {
    const responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }> = {};
    const ok = route.ok;
    if ('json' in ok) responses[ok.status] = { description: 'OK', content: { 'application/json': { schema: ok.json } } };
    else if ('contentType' in ok) responses[ok.status] = { description: ok.description, content: { [ok.contentType]: { schema: { type: 'string' } } } };
    else responses[ok.status] = { description: `Redirect ${ok.description}` };
    for (const s of errorStatuses(route)) responses[s] = { description: ERRORS[s]!, content: { 'application/json': { schema: error } } };
    registry.registerPath({
      method: route.method,
      path: route.path,
      summary: route.summary,
      description: route.role === 'public' ? 'No sign-in needed.' : route.role === 'token-or-loopback' ? 'A metrics token, or a loopback client of a server listening on loopback.' : `Needs the ${route.role} role or higher.`,
      tags: [route.tag],
      operationId: operationId(route),
      ...(route.role === 'public' || route.role === 'token-or-loopback' ? { security: route.role === 'token-or-loopback' ? [{ bearer: [] }, {}] : [] } : {}),
      request: {
        ...(route.params ? { params: route.params } : {}),
        ...(route.query ? { query: route.query } : {}),
        ...(route.body ? { body: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
      },
      responses: responses as never,
    });
  }
  const generator = new OpenApiGeneratorV31(registry.definitions);
  const doc = generator.generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Riffle HTTP API',
      version: appVersion,
      description: 'The console’s HTTP API. Every error answers `{ "error": { "code", "message", "field"? } }`. Live streams are Server-Sent Events.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { session: [] }],
  });
  return doc as unknown as Record<string, unknown>;
}

function operationId(route: ApiRoute): string {
  const words = route.path
    .replace(/^\/api\//, '')
    .split(/[/.{}-]+/)
    .filter(Boolean)
    .map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1)));
  return `${route.method}${words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`;
}

export function apiDocument(): Record<string, unknown> {
  return singleton('riffle:openapi/api-document', build);
}
