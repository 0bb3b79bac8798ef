import { createHash } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { api, rawFetch } from '../helpers/api';

/**
 * Requests built from the served OpenAPI document alone (paths, parameters, request body schema),
 * and their answers checked against the document's response schemas with a JSON Schema validator.
 */
type Operation = {
  operationId: string;
  parameters?: { name: string; in: 'path' | 'query'; required?: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
};
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

async function served(): Promise<Doc> {
  const res = await rawFetch('/api/openapi.json', {}, 'none');
  expect(res.status).toBe(200);
  return (await res.json()) as Doc;
}

/** A URL for an operation: path parameters and query values from `values`, each checked to be a parameter the document names. */
function urlFor(doc: Doc, method: string, path: string, values: Record<string, string>): string {
  const op = doc.paths[path]?.[method];
  if (!op) throw new Error(`${method} ${path} is not in the document`);
  const params = op.parameters ?? [];
  for (const p of params) if (p.required && values[p.name] === undefined) throw new Error(`${p.name} is required by the document`);
  for (const name of Object.keys(values)) if (!params.some((p) => p.name === name)) throw new Error(`${name} is not a parameter of ${method} ${path}`);
  let url = path;
  const query = new URLSearchParams();
  for (const p of params) {
    const v = values[p.name];
    if (v === undefined) continue;
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(v));
    else query.set(p.name, v);
  }
  return `${url}${query.size ? `?${query}` : ''}`;
}

function validator(doc: Doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'riffle', components: doc.components }, 'riffle');
  // $refs in the document point at #/components/...: rewrite them to the registered document
  const rebase = (s: unknown): unknown => JSON.parse(JSON.stringify(s).replaceAll('"#/components/', '"riffle#/components/'));
  return (schema: Record<string, unknown>, data: unknown) => {
    const validate = ajv.compile(rebase(schema) as object);
    const ok = validate(data);
    return ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}

describe('GET /api/openapi.json, served', () => {
  it('is the 3.1 document, and the docs page shows every path of it', async () => {
    const doc = await served();
    expect(doc.openapi).toBe('3.1.0');
    const page = await rawFetch('/api/docs', {}, 'none');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    for (const path of Object.keys(doc.paths)) expect(html, path).toContain(`<code>${path}</code>`);
  });

  it('the docs page allows its own style sheet by hash and nothing else; every other /api answer allows nothing', async () => {
    const page = await rawFetch('/api/docs', {}, 'none');
    const html = await page.text();
    const csp = page.headers.get('content-security-policy')!;
    // one policy (fetch joins repeated headers with ", "), not the API's beside it
    expect(csp).not.toContain(',');
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/script-src/);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    expect(csp).toContain(`style-src 'sha256-${createHash('sha256').update(styles[0]!).digest('base64')}'`);
    expect(html).not.toMatch(/<script|style="/);
    for (const path of ['/api/openapi.json', '/api/health', '/api/clusters']) {
      expect((await rawFetch(path)).headers.get('content-security-policy'), path).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it('builds three requests from the document that succeed and answer as it says', async () => {
    const doc = await served();
    const check = validator(doc);
    const topic = `openapi-${Date.now()}`;

    // 1. POST a topic: the body is checked against the document's request schema first
    const createOp = doc.paths['/api/clusters/{cluster}/topics']!.post!;
    const body = { name: topic, partitions: 2, replicationFactor: 1 };
    expect(check(createOp.requestBody!.content['application/json']!.schema, body)).toEqual([]);
    const created = await api('POST', urlFor(doc, 'post', '/api/clusters/{cluster}/topics', { cluster: 'local' }), body);
    expect(created.status).toBe(201);
    expect(check(createOp.responses['201']!.content!['application/json']!.schema, created.body)).toEqual([]);

    // 2. GET the topic list, with query parameters the document names
    const listUrl = urlFor(doc, 'get', '/api/clusters/{cluster}/topics', { cluster: 'local', search: topic, limit: '10' });
    const list = await api<{ topics: { name: string }[] }>('GET', listUrl);
    expect(list.status).toBe(200);
    expect(list.body.topics.map((t) => t.name)).toEqual([topic]);
    expect(check(doc.paths['/api/clusters/{cluster}/topics']!.get!.responses['200']!.content!['application/json']!.schema, list.body)).toEqual([]);

    // 3. GET broker metrics with a range from the document's enum
    const metricsOp = doc.paths['/api/clusters/{cluster}/metrics']!.get!;
    const range = metricsOp.parameters!.find((p) => p.name === 'range')!.schema as { enum: string[] };
    expect(range.enum).toContain('15m');
    const m = await api('GET', urlFor(doc, 'get', '/api/clusters/{cluster}/metrics', { cluster: 'local', range: '15m', scope: 'topic', topic }));
    expect(m.status).toBe(200);
    expect(check(metricsOp.responses['200']!.content!['application/json']!.schema, m.body)).toEqual([]);

    // and an error answer has the document's one error shape
    const bad = await api('GET', urlFor(doc, 'get', '/api/clusters/{cluster}/metrics', { cluster: 'local', range: 'forever' }));
    expect(bad.status).toBe(400);
    expect(check(metricsOp.responses['400']!.content!['application/json']!.schema, bad.body)).toEqual([]);

    await api('DELETE', `/api/clusters/local/topics/${topic}`);
  });
});
