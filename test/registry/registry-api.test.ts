import { Validator } from '@seriousme/openapi-schema-validator';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kcat } from '../helpers/kcat';
import { OpenApiCheck } from './openapi-check';
import { BROKERS, call, dropStore, newStore, startRegistry, type Answer, type RegistryInstance } from './registry-process';

/**
 * The Confluent Schema Registry REST API of registry/ against a real cluster: every answer is
 * held against Apicurio's Confluent-compatible OpenAPI description (status, content type, body
 * shape), and the error codes are Confluent's documented ones. The store topic is read back
 * with kcat (librdkafka) to check the records are in Confluent's own format.
 */

const store = newStore('api');
let reg: RegistryInstance;
let spec: OpenApiCheck;
const seen: string[] = [];
/** The highest schema id any answer gave: new ids must come after it, deleted ones included. */
let maxId = 0;

/** A request whose answer must match the description for `template`. */
async function req<T = unknown>(method: string, template: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer<T>> {
  const a = await call<T>(reg.url, method, path, body, headers);
  expect(spec.problems(method, template, a), `${method} ${path}`).toEqual([]);
  expect(a.status, `${method} ${path} answered ${a.text}`).toBeLessThan(500);
  seen.push(`${method} ${template}`);
  const id = (a.body as { id?: unknown } | null)?.id;
  if (typeof id === 'number') maxId = Math.max(maxId, id);
  return a;
}

const avro = (fields: unknown[], name = 'Reading') => JSON.stringify({ type: 'record', name, namespace: 'riffle.test', fields });
const V1 = avro([{ name: 'station', type: 'string' }, { name: 'celsius', type: 'double' }]);
const V2 = avro([{ name: 'station', type: 'string' }, { name: 'celsius', type: 'double' }, { name: 'note', type: ['null', 'string'], default: null }]);
const BREAKING = avro([{ name: 'station', type: 'string' }, { name: 'celsius', type: 'double' }, { name: 'humidity', type: 'double' }]);
const PROTO = 'syntax = "proto3";\npackage riffle.test;\n\nmessage Reading {\n  string station = 1;\n  double celsius = 2;\n}\n';
const JSON_SCHEMA = JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { station: { type: 'string' } }, required: ['station'] });

beforeAll(async () => {
  spec = new OpenApiCheck();
  reg = await startRegistry(store);
}, 180_000);

afterAll(async () => {
  await reg?.stop();
  await dropStore(store);
});

describe('the OpenAPI oracle', () => {
  it('is a valid OpenAPI document', async () => {
    const result = await new Validator().validate(JSON.parse(JSON.stringify(spec.spec)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('rejects answers that break the description (so a pass means something)', () => {
    const ct = 'application/vnd.schemaregistry.v1+json';
    const answer = (status: number, body: unknown) => ({ status, contentType: ct, body, text: JSON.stringify(body) });
    expect(spec.problems('GET', '/subjects/{subject}/versions', answer(200, [1, 2]))).toEqual([]);
    expect(spec.problems('GET', '/subjects/{subject}/versions', answer(200, ['one']))).not.toEqual([]);
    expect(spec.problems('GET', '/subjects/{subject}/versions/{version}', answer(200, { subject: 's', version: 1 }))).not.toEqual([]);
    expect(spec.problems('GET', '/schemas/ids/{id}', answer(404, { error_code: '40403', message: 'x' }))).not.toEqual([]);
    expect(spec.problems('GET', '/schemas/ids/{id}', answer(404, { message: 'x' }))).not.toEqual([]);
    expect(spec.problems('POST', '/subjects/{subject}/versions', answer(418, {}))).not.toEqual([]);
    expect(spec.problems('POST', '/subjects/{subject}/versions', { ...answer(200, { id: 1 }), contentType: 'text/html' })).not.toEqual([]);
  });
});

describe('registering and reading schemas', () => {
  it('registers Avro, Protobuf and JSON Schema and reads them back by subject, version and id', async () => {
    const a = await req<{ id: number }>('POST', '/subjects/{subject}/versions', '/subjects/readings-value/versions', { schema: V1 });
    expect(a.status).toBe(200);
    expect(a.contentType).toContain('application/vnd.schemaregistry.v1+json');
    const p = await req<{ id: number }>('POST', '/subjects/{subject}/versions', '/subjects/readings-proto-value/versions', { schema: PROTO, schemaType: 'PROTOBUF' });
    const j = await req<{ id: number }>('POST', '/subjects/{subject}/versions', '/subjects/readings-json-value/versions', { schema: JSON_SCHEMA, schemaType: 'JSON' });
    const ids = [a.body.id, p.body.id, j.body.id];
    expect(new Set(ids).size).toBe(3);

    // The same schema again: same id, no new version.
    const again = await req<{ id: number }>('POST', '/subjects/{subject}/versions', '/subjects/readings-value/versions', { schema: V1 });
    expect(again.body.id).toBe(a.body.id);
    expect((await req<number[]>('GET', '/subjects/{subject}/versions', '/subjects/readings-value/versions')).body).toEqual([1]);
    // The same schema under another subject shares the id.
    const other = await req<{ id: number }>('POST', '/subjects/{subject}/versions', '/subjects/archive-value/versions', { schema: V1 });
    expect(other.body.id).toBe(a.body.id);

    const subjects = await req<string[]>('GET', '/subjects', '/subjects');
    expect(subjects.body).toEqual(['archive-value', 'readings-json-value', 'readings-proto-value', 'readings-value']);
    expect((await req<string[]>('GET', '/subjects', '/subjects?subjectPrefix=readings-p')).body).toEqual(['readings-proto-value']);

    const v = await req<Record<string, unknown>>('GET', '/subjects/{subject}/versions/{version}', '/subjects/readings-value/versions/1');
    expect(v.body).toEqual({ subject: 'readings-value', version: 1, id: a.body.id, schema: V1 });
    const latestProto = await req<Record<string, unknown>>('GET', '/subjects/{subject}/versions/{version}', '/subjects/readings-proto-value/versions/latest');
    expect(latestProto.body).toMatchObject({ subject: 'readings-proto-value', version: 1, id: p.body.id, schemaType: 'PROTOBUF', schema: PROTO.trim() });

    const byId = await req<Record<string, unknown>>('GET', '/schemas/ids/{id}', `/schemas/ids/${j.body.id}`);
    expect(byId.body).toMatchObject({ schemaType: 'JSON', schema: JSON_SCHEMA });
    const raw = await req('GET', '/schemas/ids/{id}/schema', `/schemas/ids/${a.body.id}/schema`);
    expect(raw.text).toBe(V1);
    const rawByVersion = await req('GET', '/subjects/{subject}/versions/{version}/schema', '/subjects/readings-value/versions/latest/schema');
    expect(rawByVersion.text).toBe(V1);
    const uses = await req('GET', '/schemas/ids/{id}/versions', `/schemas/ids/${a.body.id}/versions`);
    expect(uses.body).toEqual([
      { subject: 'archive-value', version: 1 },
      { subject: 'readings-value', version: 1 },
    ]);
    expect((await req('GET', '/schemas/ids/{id}/subjects', `/schemas/ids/${a.body.id}/subjects`)).body).toEqual(['archive-value', 'readings-value']);
    expect((await req<string[]>('GET', '/schemas/types', '/schemas/types')).body.sort()).toEqual(['AVRO', 'JSON', 'PROTOBUF']);
    const all = await req<{ subject: string }[]>('GET', '/schemas', '/schemas?subjectPrefix=readings');
    expect(all.body.map((s) => s.subject)).toEqual(['readings-json-value', 'readings-proto-value', 'readings-value']);
  });

  it('looks a schema up under a subject (POST /subjects/{subject})', async () => {
    const found = await req<Record<string, unknown>>('POST', '/subjects/{subject}', '/subjects/readings-value', { schema: V1 });
    expect(found.body).toMatchObject({ subject: 'readings-value', version: 1, schema: V1 });
    const missing = await req<{ error_code: number }>('POST', '/subjects/{subject}', '/subjects/readings-value', { schema: V2 });
    expect([missing.status, missing.body.error_code]).toEqual([404, 40403]);
    const noSubject = await req<{ error_code: number }>('POST', '/subjects/{subject}', '/subjects/nobody-value', { schema: V1 });
    expect([noSubject.status, noSubject.body.error_code]).toEqual([404, 40401]);
  });

  it('resolves references between subjects (Avro named types, Protobuf imports)', async () => {
    const station = JSON.stringify({ type: 'record', name: 'Station', namespace: 'riffle.ref', fields: [{ name: 'id', type: 'string' }] });
    const s = await req<{ id: number }>('POST', '/subjects/{subject}/versions', '/subjects/station/versions', { schema: station });
    const uses = JSON.stringify({ type: 'record', name: 'Observed', namespace: 'riffle.ref', fields: [{ name: 'station', type: 'riffle.ref.Station' }] });
    const refs = [{ name: 'riffle.ref.Station', subject: 'station', version: 1 }];
    const o = await req<{ id: number }>('POST', '/subjects/{subject}/versions', '/subjects/observed-value/versions', { schema: uses, references: refs });
    expect(o.body.id).not.toBe(s.body.id);
    expect((await req('GET', '/schemas/ids/{id}', `/schemas/ids/${o.body.id}`)).body).toMatchObject({ references: refs });
    expect((await req('GET', '/subjects/{subject}/versions/{version}/referencedby', '/subjects/station/versions/1/referencedby')).body).toEqual([o.body.id]);
    // Without the reference the named type is unknown.
    const unresolved = await req<{ error_code: number }>('POST', '/subjects/{subject}/versions', '/subjects/observed2-value/versions', { schema: uses });
    expect([unresolved.status, unresolved.body.error_code]).toEqual([422, 42201]);
    // A referenced version cannot be deleted while referenced.
    const blocked = await req<{ error_code: number }>('DELETE', '/subjects/{subject}/versions/{version}', '/subjects/station/versions/1');
    expect(blocked.status).toBe(422);

    const common = 'syntax = "proto3";\npackage riffle.common;\nmessage Place { string name = 1; }\n';
    await req('POST', '/subjects/{subject}/versions', '/subjects/place/versions', { schema: common, schemaType: 'PROTOBUF' });
    const main = 'syntax = "proto3";\npackage riffle.obs;\nimport "riffle/common/place.proto";\nmessage Obs { riffle.common.Place place = 1; }\n';
    const ok = await req('POST', '/subjects/{subject}/versions', '/subjects/obs-value/versions', {
      schema: main,
      schemaType: 'PROTOBUF',
      references: [{ name: 'riffle/common/place.proto', subject: 'place', version: 1 }],
    });
    expect(ok.status).toBe(200);
    const broken = await req<{ error_code: number }>('POST', '/subjects/{subject}/versions', '/subjects/obs2-value/versions', { schema: main, schemaType: 'PROTOBUF' });
    expect([broken.status, broken.body.error_code]).toEqual([422, 42201]);

    const address = JSON.stringify({ $id: 'address.json', type: 'object', properties: { city: { type: 'string' } } });
    await req('POST', '/subjects/{subject}/versions', '/subjects/address/versions', { schema: address, schemaType: 'JSON' });
    const person = JSON.stringify({ type: 'object', properties: { home: { $ref: 'address.json' } } });
    const withRef = await req('POST', '/subjects/{subject}/versions', '/subjects/person-value/versions', {
      schema: person,
      schemaType: 'JSON',
      references: [{ name: 'address.json', subject: 'address', version: 1 }],
    });
    expect(withRef.status).toBe(200);
    const dangling = await req<{ error_code: number }>('POST', '/subjects/{subject}/versions', '/subjects/person2-value/versions', { schema: person, schemaType: 'JSON' });
    expect([dangling.status, dangling.body.error_code]).toEqual([422, 42201]);
  });
});

describe('compatibility', () => {
  it('defaults to BACKWARD: a compatible Avro version registers, a breaking one is refused with 409', async () => {
    expect((await req('GET', '/config', '/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    const ok = await req<{ is_compatible: boolean }>('POST', '/compatibility/subjects/{subject}/versions/{version}', '/compatibility/subjects/readings-value/versions/latest', { schema: V2 });
    expect(ok.body).toEqual({ is_compatible: true });
    const bad = await req<{ is_compatible: boolean; messages: string[] }>(
      'POST',
      '/compatibility/subjects/{subject}/versions/{version}',
      '/compatibility/subjects/readings-value/versions/latest?verbose=true',
      { schema: BREAKING },
    );
    expect(bad.body.is_compatible).toBe(false);
    expect(bad.body.messages.join(' ')).toContain('humidity');
    const all = await req<{ is_compatible: boolean }>('POST', '/compatibility/subjects/{subject}/versions', '/compatibility/subjects/readings-value/versions', { schema: BREAKING });
    expect(all.body.is_compatible).toBe(false);

    const refused = await req<{ error_code: number; message: string }>('POST', '/subjects/{subject}/versions', '/subjects/readings-value/versions', { schema: BREAKING });
    expect([refused.status, refused.body.error_code]).toEqual([409, 409]);
    expect(refused.body.message).toContain('incompatible');
    const v2 = await req<{ id: number }>('POST', '/subjects/{subject}/versions', '/subjects/readings-value/versions', { schema: V2 });
    expect(v2.status).toBe(200);
    expect((await req('GET', '/subjects/{subject}/versions', '/subjects/readings-value/versions')).body).toEqual([1, 2]);
  });

  it('sets levels globally and per subject; NONE lets the breaking change through', async () => {
    const unset = await req<{ error_code: number }>('GET', '/config/{subject}', '/config/readings-value');
    expect([unset.status, unset.body.error_code]).toEqual([404, 40408]);
    expect((await req('GET', '/config/{subject}', '/config/readings-value?defaultToGlobal=true')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    const set = await req('PUT', '/config/{subject}', '/config/readings-value', { compatibility: 'NONE' });
    expect(set.body).toEqual({ compatibility: 'NONE' });
    expect((await req('GET', '/config/{subject}', '/config/readings-value')).body).toEqual({ compatibilityLevel: 'NONE' });
    const through = await req<{ id: number }>('POST', '/subjects/{subject}/versions', '/subjects/readings-value/versions', { schema: BREAKING });
    expect(through.status).toBe(200);
    const removed = await req('DELETE', '/config/{subject}', '/config/readings-value');
    expect(removed.body).toEqual({ compatibilityLevel: 'NONE' });
    const gone = await req<{ error_code: number }>('DELETE', '/config/{subject}', '/config/readings-value');
    expect(gone.body.error_code).toBe(40408);

    for (const level of ['FULL', 'FORWARD_TRANSITIVE', 'BACKWARD']) {
      expect((await req('PUT', '/config', '/config', { compatibility: level })).body).toEqual({ compatibility: level });
      expect((await req('GET', '/config', '/config')).body).toEqual({ compatibilityLevel: level });
    }
    const invalid = await req<{ error_code: number }>('PUT', '/config', '/config', { compatibility: 'SIDEWAYS' });
    expect([invalid.status, invalid.body.error_code]).toEqual([422, 42203]);
  });

  it('checks TRANSITIVE levels against every live version', async () => {
    const v = (n: number) => avro([{ name: 'a', type: 'int' }, ...(n >= 2 ? [{ name: 'b', type: 'int', default: 0 }] : [])], 'T');
    await req('PUT', '/config/{subject}', '/config/transitive', { compatibility: 'NONE' });
    await req('POST', '/subjects/{subject}/versions', '/subjects/transitive/versions', { schema: avro([{ name: 'a', type: 'string' }], 'T') });
    await req('POST', '/subjects/{subject}/versions', '/subjects/transitive/versions', { schema: v(1) });
    await req('PUT', '/config/{subject}', '/config/transitive', { compatibility: 'BACKWARD' });
    const plain = await req<{ is_compatible: boolean }>('POST', '/compatibility/subjects/{subject}/versions', '/compatibility/subjects/transitive/versions', { schema: v(2) });
    expect(plain.body.is_compatible).toBe(true);
    await req('PUT', '/config/{subject}', '/config/transitive', { compatibility: 'BACKWARD_TRANSITIVE' });
    const transitive = await req<{ is_compatible: boolean }>('POST', '/compatibility/subjects/{subject}/versions', '/compatibility/subjects/transitive/versions', { schema: v(2) });
    expect(transitive.body.is_compatible).toBe(false);
  });

  it('keeps a subject to one schema type unless its level is NONE', async () => {
    const mixed = await req<{ error_code: number }>('POST', '/subjects/{subject}/versions', '/subjects/readings-value/versions', { schema: PROTO, schemaType: 'PROTOBUF' });
    expect([mixed.status, mixed.body.error_code]).toEqual([409, 409]);
    const mixed2 = await req<{ error_code: number }>('POST', '/subjects/{subject}/versions', '/subjects/readings-proto-value/versions', { schema: V1 });
    expect([mixed2.status, mixed2.body.error_code]).toEqual([409, 409]);
  });

  it('refuses levels other than NONE for Protobuf and JSON Schema subjects (42203)', async () => {
    for (const subject of ['readings-proto-value', 'readings-json-value']) {
      const r = await req<{ error_code: number; message: string }>('PUT', '/config/{subject}', `/config/${subject}`, { compatibility: 'FULL' });
      expect([r.status, r.body.error_code]).toEqual([422, 42203]);
      expect(r.body.message).toContain('NONE');
      expect((await req('PUT', '/config/{subject}', `/config/${subject}`, { compatibility: 'NONE' })).status).toBe(200);
    }
  });
});

describe('deletes', () => {
  it('soft-deletes and hard-deletes versions and subjects with Confluent\'s codes', async () => {
    await req('POST', '/subjects/{subject}/versions', '/subjects/doomed/versions', { schema: '"string"' });
    const hardFirst = await req<{ error_code: number }>('DELETE', '/subjects/{subject}/versions/{version}', '/subjects/doomed/versions/1?permanent=true');
    expect([hardFirst.status, hardFirst.body.error_code]).toEqual([404, 40407]);
    expect((await req('DELETE', '/subjects/{subject}/versions/{version}', '/subjects/doomed/versions/1')).body).toBe(1);
    const twice = await req<{ error_code: number }>('DELETE', '/subjects/{subject}/versions/{version}', '/subjects/doomed/versions/1');
    expect(twice.body.error_code).toBe(40406);
    // Soft-deleted: hidden, unless asked for.
    expect((await req<{ error_code: number }>('GET', '/subjects/{subject}/versions', '/subjects/doomed/versions')).body.error_code).toBe(40401);
    expect((await req('GET', '/subjects/{subject}/versions', '/subjects/doomed/versions?deleted=true')).body).toEqual([1]);
    expect((await req<string[]>('GET', '/subjects', '/subjects')).body).not.toContain('doomed');
    expect((await req<string[]>('GET', '/subjects', '/subjects?deleted=true')).body).toContain('doomed');
    expect((await req('DELETE', '/subjects/{subject}/versions/{version}', '/subjects/doomed/versions/1?permanent=true')).body).toBe(1);
    expect((await req<string[]>('GET', '/subjects', '/subjects?deleted=true')).body).not.toContain('doomed');

    await req('POST', '/subjects/{subject}/versions', '/subjects/gone/versions', { schema: '"long"' });
    const hardSubject = await req<{ error_code: number }>('DELETE', '/subjects/{subject}', '/subjects/gone?permanent=true');
    expect(hardSubject.body.error_code).toBe(40405);
    expect((await req('DELETE', '/subjects/{subject}', '/subjects/gone')).body).toEqual([1]);
    const softAgain = await req<{ error_code: number }>('DELETE', '/subjects/{subject}', '/subjects/gone');
    expect(softAgain.body.error_code).toBe(40404);
    const idAfterSoft = await req<{ schema: string }>('GET', '/schemas/ids/{id}', `/schemas/ids/${(await call<{ id: number }>(reg.url, 'POST', '/subjects/gone?deleted=true', { schema: '"long"' })).body.id}`);
    expect(idAfterSoft.body.schema).toBe('"long"');
    expect((await req('DELETE', '/subjects/{subject}', '/subjects/gone?permanent=true')).body).toEqual([1]);
    expect((await req<{ error_code: number }>('DELETE', '/subjects/{subject}', '/subjects/gone')).body.error_code).toBe(40401);
  });
});

describe('bad input never crashes the registry', () => {
  it('answers Confluent\'s error codes for malformed requests', async () => {
    const cases: [string, string, string, unknown, number, number][] = [
      ['GET', '/subjects/{subject}/versions/{version}', '/subjects/readings-value/versions/0', undefined, 422, 42202],
      ['GET', '/subjects/{subject}/versions/{version}', '/subjects/readings-value/versions/abc', undefined, 422, 42202],
      ['GET', '/subjects/{subject}/versions/{version}', '/subjects/readings-value/versions/99999999999', undefined, 422, 42202],
      ['GET', '/subjects/{subject}/versions/{version}', '/subjects/readings-value/versions/77', undefined, 404, 40402],
      ['GET', '/subjects/{subject}/versions/{version}', '/subjects/nobody/versions/1', undefined, 404, 40401],
      ['GET', '/schemas/ids/{id}', '/schemas/ids/987654', undefined, 404, 40403],
      ['GET', '/schemas/ids/{id}', '/schemas/ids/-3', undefined, 404, 40403],
      ['POST', '/subjects/{subject}/versions', '/subjects/x/versions', { schema: '{"type":"recrod"}' }, 422, 42201],
      ['POST', '/subjects/{subject}/versions', '/subjects/x/versions', { schema: 'not json at all' }, 422, 42201],
      ['POST', '/subjects/{subject}/versions', '/subjects/x/versions', { schema: 'message {', schemaType: 'PROTOBUF' }, 422, 42201],
      ['POST', '/subjects/{subject}/versions', '/subjects/x/versions', { schema: '{"type": 12}', schemaType: 'JSON' }, 422, 42201],
      ['POST', '/subjects/{subject}/versions', '/subjects/x/versions', { schema: '"int"', schemaType: 'XML' }, 422, 42201],
      ['POST', '/subjects/{subject}/versions', '/subjects/x/versions', { schema: '' }, 422, 42201],
      ['POST', '/subjects/{subject}/versions', '/subjects/x/versions', { schema: 42 }, 422, 42201],
      ['POST', '/subjects/{subject}/versions', '/subjects/x/versions', [1, 2], 422, 422],
      ['POST', '/subjects/{subject}/versions', '/subjects/x/versions', { schema: '"int"', references: 'no' }, 422, 422],
      ['POST', '/subjects/{subject}/versions', '/subjects/x/versions', { schema: '"int"', references: [{ name: 'a', subject: 'nobody', version: 1 }] }, 422, 42201],
      ['PUT', '/config/{subject}', '/config/x', { compatibility: 7 }, 422, 42203],
      ['PUT', '/config', '/config', {}, 422, 42203],
    ];
    for (const [method, template, path, body, status, code] of cases) {
      const a = await req<{ error_code: number; message: string }>(method, template, path, body);
      expect([a.status, a.body.error_code], `${method} ${path} ${JSON.stringify(body)}`).toEqual([status, code]);
      expect(a.body.message.length).toBeGreaterThan(0);
    }
    // Not JSON, an unknown media type, unknown paths and methods: Confluent-shaped errors, no 5xx.
    const notJson = await call<{ error_code: number }>(reg.url, 'POST', '/subjects/x/versions', '{"schema": ');
    expect([notJson.status, notJson.body.error_code]).toEqual([400, 400]);
    const xml = await call<{ error_code: number }>(reg.url, 'POST', '/subjects/x/versions', '<schema/>', { 'content-type': 'application/xml' });
    expect([xml.status, xml.body.error_code]).toEqual([415, 415]);
    const nowhere = await call<{ error_code: number }>(reg.url, 'GET', '/nowhere');
    expect([nowhere.status, nowhere.body.error_code]).toEqual([404, 404]);
    const wrongMethod = await call<{ error_code: number }>(reg.url, 'PATCH', '/subjects');
    expect([wrongMethod.status, wrongMethod.body.error_code]).toEqual([405, 405]);
    const badEscape = await call<{ error_code: number }>(reg.url, 'GET', '/subjects/%E0%A4%A/versions');
    expect(badEscape.status).toBe(404);
    // Still serving.
    expect((await call(reg.url, 'GET', '/subjects')).status).toBe(200);
  });
});

describe('random requests', () => {
  it('never answer 5xx and always answer errors in Confluent\'s shape', async () => {
    const segment = fc.oneof(
      fc.constantFrom('subjects', 'versions', 'schemas', 'ids', 'config', 'compatibility', 'latest', 'schema', 'types', 'readings-value', '-1', '0', '1', '%', '%2F', '..'),
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
      fc.integer({ min: -5, max: 2 ** 33 }).map(String),
    );
    const body = fc.oneof(
      fc.constant(undefined),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.record({ schema: fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v))), schemaType: fc.constantFrom('AVRO', 'PROTOBUF', 'JSON', 'avro', 7) }).map((v) => JSON.stringify(v)),
      fc.record({ compatibility: fc.oneof(fc.string(), fc.constantFrom('FULL', 'none', null)) }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 40 }),
    );
    const query = fc.constantFrom('', '?permanent=true', '?deleted=true', '?verbose=true', '?defaultToGlobal=true', '?subjectPrefix=%');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), fc.array(segment, { minLength: 1, maxLength: 5 }), query, body, async (method, parts, q, b) => {
        const a = await call<{ error_code?: unknown; message?: unknown }>(reg.url, method, `/${parts.join('/')}${q}`, method === 'GET' ? undefined : b);
        expect(a.status, `${method} /${parts.join('/')}${q} ${b} → ${a.text}`).toBeLessThan(500);
        if (a.status >= 400) {
          expect(typeof a.body.error_code).toBe('number');
          expect(typeof a.body.message).toBe('string');
        }
      }),
      { numRuns: 300, seed: 16 },
    );
    expect((await call(reg.url, 'GET', '/subjects')).status).toBe(200);
  });
});

describe('storage in Confluent\'s record format', () => {
  it('writes _schemas keys and values as Confluent\'s registry does, readable by another client', async () => {
    const out = await kcat(['-C', '-t', store.topic, '-e', '-q', '-f', '%k\t%s\n']);
    const records = out
      .trim()
      .split('\n')
      .map((line) => line.split('\t') as [string, string]);
    const schemaRecord = records.find(([k]) => k === JSON.stringify({ keytype: 'SCHEMA', subject: 'readings-value', version: 1, magic: 1 }));
    expect(schemaRecord, out.slice(0, 2000)).toBeDefined();
    const value = JSON.parse(schemaRecord![1]);
    expect(Object.keys(value)).toEqual(['subject', 'version', 'id', 'schema', 'deleted']);
    expect(value).toMatchObject({ subject: 'readings-value', version: 1, schema: V1, deleted: false });
    const proto = records.find(([k]) => k.includes('"subject":"readings-proto-value","version":1'));
    expect(JSON.parse(proto![1])).toMatchObject({ schemaType: 'PROTOBUF' });
    expect(records.some(([k, v]) => k === JSON.stringify({ keytype: 'CONFIG', subject: null, magic: 0 }) && JSON.parse(v).compatibilityLevel === 'BACKWARD')).toBe(true);
    expect(records.some(([k]) => k === JSON.stringify({ keytype: 'DELETE_SUBJECT', subject: 'gone', magic: 0 }))).toBe(true);
    // A hard delete is a tombstone for the version's key.
    expect(records.some(([k, v]) => k === JSON.stringify({ keytype: 'SCHEMA', subject: 'doomed', version: 1, magic: 1 }) && v === '')).toBe(true);
    const config = JSON.parse(await kcat(['-L', '-t', store.topic, '-J']));
    expect(config.topics[0].partitions).toHaveLength(1);
    expect(BROKERS).toContain('127.0.0.1');
  });

  it('rebuilds the same state from the topic after a restart', async () => {
    const before = await Promise.all(['/subjects', '/subjects/readings-value/versions', '/config', '/schemas?deleted=true'].map((p) => call(reg.url, 'GET', p)));
    await reg.stop();
    reg = await startRegistry(store);
    const after = await Promise.all(['/subjects', '/subjects/readings-value/versions', '/config', '/schemas?deleted=true'].map((p) => call(reg.url, 'GET', p)));
    expect(after.map((a) => a.body)).toEqual(before.map((b) => b.body));
    // Ids continue after the highest one ever handed out (hard-deleted ones included).
    const maxBefore = maxId;
    const fresh = await req<{ id: number }>('POST', '/subjects/{subject}/versions', '/subjects/after-restart/versions', { schema: '"boolean"' });
    expect(fresh.body.id).toBe(maxBefore + 1);
  });

  it('covered the API operations consoles and serializers use', () => {
    const wanted = [
      'GET /subjects',
      'POST /subjects/{subject}',
      'DELETE /subjects/{subject}',
      'GET /subjects/{subject}/versions',
      'POST /subjects/{subject}/versions',
      'GET /subjects/{subject}/versions/{version}',
      'DELETE /subjects/{subject}/versions/{version}',
      'GET /subjects/{subject}/versions/{version}/schema',
      'GET /subjects/{subject}/versions/{version}/referencedby',
      'GET /schemas/ids/{id}',
      'GET /schemas/ids/{id}/schema',
      'GET /schemas/ids/{id}/versions',
      'GET /schemas/ids/{id}/subjects',
      'GET /schemas/types',
      'GET /schemas',
      'GET /config',
      'PUT /config',
      'GET /config/{subject}',
      'PUT /config/{subject}',
      'DELETE /config/{subject}',
      'POST /compatibility/subjects/{subject}/versions/{version}',
      'POST /compatibility/subjects/{subject}/versions',
    ];
    expect(wanted.filter((w) => !seen.includes(w))).toEqual([]);
  });
});
