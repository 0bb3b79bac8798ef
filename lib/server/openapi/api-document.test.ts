import fs from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { apiDocument } from './api-document';

const apiDir = path.resolve(__dirname, '../../../app/api');

/** Every route file under app/api as [OpenAPI path, exported HTTP methods]. */
function routeFiles(): { file: string; path: string; methods: string[] }[] {
  const out: { file: string; path: string; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'route.ts') {
        const rel = path.relative(path.dirname(apiDir), path.dirname(p)).split(path.sep);
        const apiPath = `/${rel.map((s) => s.replace(/^\[(.+)\]$/, '{$1}')).join('/')}`;
        const methods = [...fs.readFileSync(p, 'utf8').matchAll(/export (?:async )?function (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!.toLowerCase());
        out.push({ file: path.relative(apiDir, p), path: apiPath, methods });
      }
    }
  };
  walk(apiDir);
  return out;
}

describe('GET /api/openapi.json document', () => {
  const doc = apiDocument() as { openapi: string; paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };

  it('is a valid OpenAPI 3.1 document (checked by an OpenAPI schema validator)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(doc)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every route file under app/api with each method it exports', () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThan(30);
    const missing: string[] = [];
    for (const f of files) {
      expect(f.methods.length, `${f.file} exports no handler`).toBeGreaterThan(0);
      for (const m of f.methods) if (!doc.paths[f.path]?.[m]) missing.push(`${m.toUpperCase()} ${f.path} (${f.file})`);
    }
    expect(missing).toEqual([]);
    // and documents nothing that doesn't exist
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    const real = new Set(files.flatMap((f) => f.methods.map((m) => `${m} ${f.path}`)));
    expect(documented.filter((d) => !real.has(d))).toEqual([]);
  });

  it('gives path parameters, query parameters, bodies and the one error shape', () => {
    const create = doc.paths['/api/clusters/{cluster}/topics']!.post!;
    expect(create.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['path:cluster']);
    expect(create.requestBody).toBeDefined();
    expect(create.responses['201']?.content?.['application/json']).toBeDefined();
    const list = doc.paths['/api/clusters/{cluster}/topics']!.get!;
    expect(list.parameters?.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(expect.arrayContaining(['search', 'internal', 'cursor', 'limit']));
    const err = create.responses['400']?.content?.['application/json']?.schema;
    expect(err).toEqual({ $ref: '#/components/schemas/ApiError' });
    const metrics = doc.paths['/api/clusters/{cluster}/metrics']!.get!;
    expect(metrics.parameters?.filter((p) => p.in === 'query').map((p) => p.name).sort()).toEqual(['broker', 'range', 'scope', 'topic']);
  });
});
