import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowseResult, ProduceResult, WireMessage } from '@/lib/contracts/messages';
import type { CompatibilityVerdict, RegisterResult } from '@/lib/contracts/schemas';
import { parse as parseCsv } from 'csv-parse/sync';
import { toExportCsv, toExportJson } from '@/lib/messages/export';
import { api, authHeaders, waitFor } from '../helpers/api';
import { createTestTopics, testAdmin, type TestAdmin } from '../helpers/kafka-admin';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BOOTSTRAP, kcat } from '../helpers/kcat';

const run = promisify(execFile);
import { ensureSchemaOracle, javaDecode, javaEncode } from '../helpers/schema-oracle';
import { CONSOLE_TEST_STORE, startRegistry, type RegistryInstance } from '../registry/registry-process';
import { SseClient } from './sse';

/**
 * Schema-framed messages through the console (issue 16), against the real cluster and a real
 * registry (registry/, on a store of its own, at the port the test clusters file names), with
 * bytes written and read by Apache Avro's Java library and protobuf-java as the oracle.
 */

const PORT = 8086 + Number(process.env.KAFKA_PORT_OFFSET ?? 0);
const tag = Date.now().toString(36);
const T = { avro: `t16-avro-${tag}`, proto: `t16-proto-${tag}`, json: `t16-json-${tag}` };
// One store for every console test (this file and e2e/schemas.spec.ts), kept between runs: the
// console caches schemas by id for its lifetime, so ids must never be reused under one URL.
const store = CONSOLE_TEST_STORE;
let registry: RegistryInstance;
let admin: TestAdmin;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'riffle-schemas-'));

const AVRO_V1 = JSON.stringify({
  type: 'record',
  name: 'Reading',
  namespace: 'riffle.test',
  fields: [
    { name: 'station', type: 'string' },
    { name: 'temp', type: 'double' },
    { name: 'count', type: 'long' },
    { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['AIR', 'SEA'] } },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
});
// BACKWARD-compatible: a new field with a default
const AVRO_V2 = JSON.stringify({ ...JSON.parse(AVRO_V1), fields: [...JSON.parse(AVRO_V1).fields, { name: 'source', type: 'string', default: 'riffle' }] });
// breaking: a new field without a default
const AVRO_BAD = JSON.stringify({ ...JSON.parse(AVRO_V1), fields: [...JSON.parse(AVRO_V1).fields, { name: 'required', type: 'int' }] });
const PROTO = 'syntax = "proto3";\npackage riffle.test;\nmessage Ping { string a = 1; }\nmessage Order {\n  string id = 1;\n  int64 qty = 2;\n  repeated string skus = 3;\n  Status status = 4;\n  enum Status { NEW = 0; SHIPPED = 1; }\n}\n';
const JSON_SCHEMA = JSON.stringify({ type: 'object', properties: { n: { type: 'integer' }, s: { type: 'string' } }, required: ['n'] });

const base = '/api/clusters/local';
const ids: Record<string, number> = {};

async function register(subject: string, schema: string, schemaType: 'AVRO' | 'PROTOBUF' | 'JSON'): Promise<RegisterResult> {
  const r = await api<RegisterResult>('POST', `${base}/schema-registry/subjects/${encodeURIComponent(subject)}/versions`, { schema, schemaType });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

/** Each frame as one message (kcat sends each file whole), so any byte may appear in it. */
async function produceFrames(topic: string, frames: Buffer[]): Promise<void> {
  const files = frames.map((f, i) => {
    const file = path.join(tmp, `${topic}-${i}-${Math.random().toString(36).slice(2)}.bin`);
    fs.writeFileSync(file, f);
    return file;
  });
  await kcat(['-P', '-t', topic, '-p', '0', ...files]);
}

async function browse(topic: string): Promise<WireMessage[]> {
  const r = await api<BrowseResult>('GET', `${base}/topics/${topic}/messages?from=earliest&limit=100&sort=offset`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.messages;
}

const rawOf = (b: WireMessage['value']) => (b!.text !== null ? Buffer.from(b!.text, 'utf8') : Buffer.from(b!.b64!, 'base64'));

beforeAll(async () => {
  ensureSchemaOracle();
  registry = await startRegistry(store, PORT);
  admin = await testAdmin();
  await createTestTopics(admin, Object.values(T).map((topic) => ({ topic, numPartitions: 1 })));
  ids.avro1 = (await register(`${T.avro}-value`, AVRO_V1, 'AVRO')).id;
  ids.proto = (await register(`${T.proto}-value`, PROTO, 'PROTOBUF')).id;
  ids.json = (await register(`${T.json}-value`, JSON_SCHEMA, 'JSON')).id;
}, 240_000);

afterAll(async () => {
  await registry?.stop();
  await admin?.deleteTopics(Object.values(T)).catch(() => {});
  await admin?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

// What Avro's Java encoder is given (Avro's JSON encoding: a union value is {"type": value}) and what the console shows (plain JSON).
const avroValues = [
  { java: { station: 'KSEA', temp: 12.5, count: 1_764_000_000_123, kind: 'AIR', tags: ['a', 'b'], note: { string: 'wet ✓' } }, shown: { station: 'KSEA', temp: 12.5, count: 1_764_000_000_123, kind: 'AIR', tags: ['a', 'b'], note: 'wet ✓' } },
  { java: { station: 'EGLL', temp: -3, count: 0, kind: 'SEA', tags: [], note: null }, shown: { station: 'EGLL', temp: -3, count: 0, kind: 'SEA', tags: [], note: null } },
];
const protoValues = [
  { message: 'Order', json: { id: 'o-1', qty: '42', skus: ['x', 'y'], status: 'SHIPPED' } },
  { message: 'Ping', json: { a: 'second message of the file: index [0]' } },
];

describe('framed values written by the Java libraries', () => {
  let avroFrames: Buffer[];
  beforeAll(async () => {
    avroFrames = await javaEncode(avroValues.map((v) => ({ format: 'AVRO' as const, schema: AVRO_V1, id: ids.avro1!, json: v.java })));
    const protoFrames = await javaEncode(protoValues.map((v) => ({ format: 'PROTOBUF' as const, schema: PROTO, id: ids.proto!, json: v.json, message: v.message })));
    await produceFrames(T.avro, avroFrames);
    await produceFrames(T.proto, protoFrames);
    const jsonFrame = Buffer.concat([Buffer.from([0, 0, 0, 0, 0]), Buffer.from('{"n":7,"s":"seven"}')]);
    jsonFrame.writeInt32BE(ids.json!, 1);
    await produceFrames(T.json, [jsonFrame]);
  }, 120_000);

  it('browse decodes Avro exactly, with format, subject, version and id', async () => {
    const got = await browse(T.avro);
    expect(got).toHaveLength(2);
    got.forEach((m, i) => {
      expect(JSON.parse(m.value!.text!)).toEqual(avroValues[i]!.shown);
      expect(m.value!.schema).toEqual({ format: 'AVRO', id: ids.avro1, subject: `${T.avro}-value`, version: 1 });
      expect(m.value!.size).toBe(avroFrames[i]!.length);
    });
  });

  it('browse decodes Protobuf by its message-index list, and JSON Schema', async () => {
    const got = await browse(T.proto);
    expect(got.map((m) => JSON.parse(m.value!.text!))).toEqual(protoValues.map((v) => v.json));
    expect(got[0]!.value!.schema).toMatchObject({ format: 'PROTOBUF', id: ids.proto, version: 1 });
    const [j] = await browse(T.json);
    expect(JSON.parse(j!.value!.text!)).toEqual({ n: 7, s: 'seven' });
    expect(j!.value!.schema).toMatchObject({ format: 'JSON', id: ids.json });
  });

  it('the live tail decodes the same values', async () => {
    const sse = await new SseClient().open(`${base}/topics/${T.avro}/live?from=earliest`);
    try {
      await sse.until(() => sse.messages().length >= 2, '2 messages');
      const got = sse.messages<WireMessage>();
      expect(got.map((m) => JSON.parse(m.value!.text!))).toEqual(avroValues.map((v) => v.shown));
      expect(got[0]!.value!.schema).toMatchObject({ format: 'AVRO', id: ids.avro1 });
    } finally {
      await sse.cut();
    }
  });

  it('filters, the JSON path one too, work on decoded values', async () => {
    const r = await api<BrowseResult>('GET', `${base}/topics/${T.avro}/messages?from=earliest&limit=10&where=${encodeURIComponent('$.temp > 0')}`);
    expect(r.body.messages.map((m) => JSON.parse(m.value!.text!).station)).toEqual(['KSEA']);
  });

  it('export (the Messages tab\'s JSON and CSV downloads of what browse returned) holds the decoded values', async () => {
    // the tab builds its downloads in the browser from the browse answer, with lib/messages/export.ts
    const got = (await browse(T.avro)).slice(0, avroValues.length);
    const json = JSON.parse(toExportJson(got)) as { offset: number; key: string | null; value: string }[];
    expect(json.map((m) => m.offset)).toEqual([0, 1]);
    expect(json.map((m) => JSON.parse(m.value))).toEqual(avroValues.map((v) => v.shown));
    // read back by a CSV parser that is not ours
    const rows = parseCsv(toExportCsv(got), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => JSON.parse(r.value!))).toEqual(avroValues.map((v) => v.shown));
    expect(rows.map((r) => r.key)).toEqual(['', '']);
  });
});

describe('produce with a schema', () => {
  it('frames an Avro value that Apache Avro reads back exactly', async () => {
    const value = { station: 'RIFF', temp: 1.25, count: 3, kind: 'SEA', tags: ['t'], note: 'from the form' };
    const r = await api<ProduceResult>('POST', `${base}/topics/${T.avro}/messages`, { value: JSON.stringify(value), valueSchema: { subject: `${T.avro}-value`, version: 'latest' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const m = (await browse(T.avro)).find((x) => x.offset === r.body.offset)!;
    expect(JSON.parse(m.value!.text!)).toEqual(value);
    const [back] = await javaDecode([{ format: 'AVRO', schema: AVRO_V1, frame: await rawFrame(T.avro, r.body.offset) }]);
    expect(back).toEqual({ id: ids.avro1, json: { ...value, note: { string: 'from the form' } } });
  });

  it('frames a Protobuf value that protobuf-java reads back exactly', async () => {
    // the file's first message (Ping) is the one produced
    const r = await api<ProduceResult>('POST', `${base}/topics/${T.proto}/messages`, { value: JSON.stringify({ a: 'hi' }), valueSchema: { subject: `${T.proto}-value`, version: 1 } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const frame = await rawFrame(T.proto, r.body.offset);
    const [back] = await javaDecode([{ format: 'PROTOBUF', schema: PROTO, frame }]);
    expect(back).toMatchObject({ id: ids.proto, indexes: [0], json: { a: 'hi' } });
  });

  it('refuses a value that does not fit, naming the field and why (422), and bad input (400)', async () => {
    const bad = await api<{ error: { code: string; field: string; message: string } }>('POST', `${base}/topics/${T.avro}/messages`, { value: JSON.stringify({ station: 1 }), valueSchema: { subject: `${T.avro}-value` } });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'SCHEMA_MISMATCH', field: 'value' });
    expect(bad.body.error.message).toMatch(/\$\.station/);
    const notJson = await api<{ error: { field: string } }>('POST', `${base}/topics/${T.avro}/messages`, { value: '{nope', valueSchema: { subject: `${T.avro}-value` } });
    expect(notJson.status).toBe(422);
    expect(notJson.body.error.field).toBe('value');
    const noSubject = await api<{ error: { field: string } }>('POST', `${base}/topics/${T.avro}/messages`, { value: '{}', valueSchema: { subject: '' } });
    expect(noSubject.status).toBe(400);
    expect(noSubject.body.error.field).toBe('valueSchema.subject');
    const unknown = await api<{ error: { code: string } }>('POST', `${base}/topics/${T.avro}/messages`, { value: '{}', valueSchema: { subject: `${T.avro}-nope` } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('SCHEMA_NOT_FOUND');
  });
});

/** The produced frame as Kafka holds it, read with kcat (not through the console). */
async function rawFrame(topic: string, offset: number): Promise<Buffer> {
  const { stdout } = await run('kcat', ['-b', BOOTSTRAP, '-C', '-t', topic, '-p', '0', '-o', String(offset), '-c', '1', '-e', '-f', '%s'], { encoding: 'buffer', timeout: 60_000 });
  return stdout;
}

describe('per-message reasons: the rest of the page still works', () => {
  it('an unknown id and a truncated frame show raw bytes with the reason', async () => {
    const [good] = await javaEncode([{ format: 'AVRO', schema: AVRO_V1, id: ids.avro1!, json: avroValues[0]!.java }]);
    const wrongId = Buffer.from(good!);
    wrongId.writeInt32BE(987_654, 1);
    const truncated = good!.subarray(0, good!.length - 4);
    const topic = `${T.avro}-bad`;
    await createTestTopics(admin, [{ topic, numPartitions: 1 }]);
    try {
      await produceFrames(topic, [wrongId, truncated, good!, Buffer.from([0, 0])]);
      const got = await browse(topic);
      expect(got).toHaveLength(4);
      expect(got[0]!.value!.schema).toMatchObject({ id: 987_654, error: expect.stringMatching(/not in the registry/) });
      expect(rawOf(got[0]!.value)).toEqual(wrongId);
      expect(got[1]!.value!.schema).toMatchObject({ id: ids.avro1, error: expect.stringMatching(/do not match schema/) });
      expect(rawOf(got[1]!.value)).toEqual(truncated);
      expect(JSON.parse(got[2]!.value!.text!)).toEqual(avroValues[0]!.shown);
      expect(got[3]!.value!.schema!.error).toMatch(/truncated frame/);
    } finally {
      await admin.deleteTopics([topic]).catch(() => {});
    }
  });

  it('a registry outage: schemas not fetched yet give the reason, cached ones still decode, the page answers', async () => {
    // a schema the console has not fetched yet
    const v2 = await register(`${T.avro}-value`, AVRO_V2, 'AVRO');
    const [fresh] = await javaEncode([{ format: 'AVRO', schema: AVRO_V2, id: v2.id, json: { ...avroValues[0]!.java, source: 'x' } }]);
    await registry.stop();
    try {
      await produceFrames(T.avro, [fresh!]);
      const got = await browse(T.avro);
      const last = got[got.length - 1]!;
      expect(last.value!.schema).toMatchObject({ id: v2.id, error: expect.stringMatching(/unreachable/) });
      expect(JSON.parse(got[0]!.value!.text!)).toEqual(avroValues[0]!.shown); // cached: decodes
      const pages = await api<{ error: { code: string } }>('GET', `${base}/schema-registry/subjects`);
      expect(pages.status).toBe(503);
      expect(pages.body.error.code).toBe('SCHEMA_REGISTRY_UNAVAILABLE');
    } finally {
      registry = await startRegistry(store, PORT);
    }
  });
});

describe('registry pages', () => {
  it('a breaking Avro change is refused with the registry\'s own message; a compatible one registers', async () => {
    const subject = `${T.avro}-value`;
    const check = await api<CompatibilityVerdict>('POST', `${base}/schema-registry/compatibility/subjects/${subject}/versions/latest`, { schema: AVRO_BAD, schemaType: 'AVRO' });
    expect(check.status).toBe(200);
    expect(check.body.compatible).toBe(false);
    expect(check.body.messages.join(' ')).toMatch(/required/);
    const refused = await api<{ error: { code: string; message: string } }>('POST', `${base}/schema-registry/subjects/${subject}/versions`, { schema: AVRO_BAD, schemaType: 'AVRO' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/409/);
    const detail = await api<{ versions: number[] }>('GET', `${base}/schema-registry/subjects/${subject}`);
    expect(detail.body.versions).toEqual([1, 2]);
  });

  it('bad input is a 4xx naming the field', async () => {
    const noSchema = await api<{ error: { field: string } }>('POST', `${base}/schema-registry/subjects/x/versions`, { schemaType: 'AVRO' });
    expect(noSchema.status).toBe(400);
    expect(noSchema.body.error.field).toBe('schema');
    const unparsable = await api<{ error: { field: string; code: string } }>('POST', `${base}/schema-registry/subjects/${T.avro}-x/versions`, { schema: '{"type":"record"}', schemaType: 'AVRO' });
    expect(unparsable.status).toBe(422);
    expect(unparsable.body.error).toMatchObject({ field: 'schema', code: 'SCHEMA_INVALID' });
    const level = await api<{ error: { field: string } }>('PUT', `${base}/schema-registry/config`, { compatibility: 'SIDEWAYS' });
    expect(level.status).toBe(400);
    expect(level.body.error.field).toBe('compatibility');
    const version = await api('GET', `${base}/schema-registry/subjects/x/versions/zero`);
    expect(version.status).toBe(400);
  });

  it('lists subjects with format, latest version and compatibility; soft then hard delete', async () => {
    const list = await api<{ subjects: { subject: string; format: string; latestVersion: number }[] }>('GET', `${base}/schema-registry/subjects?search=${T.proto}`);
    expect(list.body.subjects).toEqual([expect.objectContaining({ subject: `${T.proto}-value`, format: 'PROTOBUF', latestVersion: 1 })]);
    const viewer = await api('DELETE', `${base}/schema-registry/subjects/${T.json}-value`, undefined, {}, 'viewer');
    expect(viewer.status).toBe(403);
    const soft = await api<{ deleted: number[] }>('DELETE', `${base}/schema-registry/subjects/${T.json}-value`);
    expect(soft.status).toBe(200);
    expect(soft.body.deleted).toEqual([1]);
    const hard = await api('DELETE', `${base}/schema-registry/subjects/${T.json}-value?permanent=true`);
    expect(hard.status).toBe(200);
    expect((await api('GET', `${base}/schema-registry/subjects/${T.json}-value`)).status).toBe(404);
  });
});

/** A record schema of its own for this run (the namespace carries the tag): an id no console has cached yet. */
const freshAvro = (name: string, fields: unknown[]) => JSON.stringify({ type: 'record', name, namespace: `riffle.test.r${tag}`, fields });

describe('masking applies after decoding', () => {
  // test/fixtures/auth.yaml masks $.card.number (admins exempt) and card-number-like text (everyone) in t7-masked-* topics
  const topic = `t7-masked-s16-${tag}`;
  const schema = freshAvro('Payment', [
    { name: 'card', type: { type: 'record', name: 'Card', fields: [{ name: 'number', type: 'string' }, { name: 'holder', type: 'string' }] } },
    { name: 'amount', type: 'double' },
    { name: 'note', type: 'string' },
  ]);
  const written = { card: { number: '4111-1111-1111-1111', holder: 'Ada' }, amount: 12.75, note: 'paid with 5500-0000-0000-0004' };
  let id: number;

  beforeAll(async () => {
    await createTestTopics(admin, [{ topic, numPartitions: 1 }]);
    id = (await register(`${topic}-value`, schema, 'AVRO')).id;
    await produceFrames(topic, await javaEncode([{ format: 'AVRO', schema, id, json: written }]));
  }, 120_000);
  afterAll(async () => {
    await admin.deleteTopics([topic]).catch(() => {});
  });

  const expectMaskedForViewer = (m: WireMessage) => {
    expect(m.value!.schema).toEqual({ format: 'AVRO', id, subject: `${topic}-value`, version: 1 });
    expect(JSON.parse(m.value!.text!)).toEqual({ card: { number: '****', holder: 'Ada' }, amount: 12.75, note: 'paid with ####' });
    expect(m.value!.text).not.toMatch(/\d{4}-\d{4}/);
  };

  // first, so the tail is what fetches this run's fresh schema
  it('hides the field in the live tail, the tail fetching the schema itself', async () => {
    const sse = await new SseClient().open(`${base}/topics/${topic}/live?from=earliest`, authHeaders('viewer'));
    try {
      await sse.until(() => sse.messages().length >= 1, '1 message');
      const got = sse.messages<WireMessage>();
      expect(got).toHaveLength(1);
      expectMaskedForViewer(got[0]!);
    } finally {
      await sse.cut();
    }
  });

  it('hides the field in browse too, and admins are exempt from the path rule only', async () => {
    const r = await api<BrowseResult>('GET', `${base}/topics/${topic}/messages?from=earliest&limit=10`, undefined, {}, 'viewer');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.messages).toHaveLength(1);
    expectMaskedForViewer(r.body.messages[0]!);
    // admins are exempt from the path rule only: the decoded number is there for the regex rule to find
    const [forAdmin] = await browse(topic);
    expect(JSON.parse(forAdmin!.value!.text!)).toEqual({ ...written, card: { number: '####', holder: 'Ada' }, note: 'paid with ####' });
  });

  it('filters see only the masked decoded value', async () => {
    const q = (f: string) => api<BrowseResult>('GET', `${base}/topics/${topic}/messages?from=earliest&limit=10&${f}`, undefined, {}, 'viewer');
    expect((await q('valueContains=4111')).body.messages).toHaveLength(0);
    expect((await q(`where=${encodeURIComponent('$.card.holder == "Ada"')}`)).body.messages).toHaveLength(1);
  });
});

describe('a registry outage in the live tail', () => {
  it('gives the per-message reason and the stream keeps going; once the registry is back the schema decodes', async () => {
    const topic = `${T.avro}-tail-outage`;
    const schema = freshAvro('Outage', [{ name: 'n', type: 'int' }]);
    await createTestTopics(admin, [{ topic, numPartitions: 1 }]);
    const { id } = await register(`${topic}-value`, schema, 'AVRO');
    const [frame] = await javaEncode([{ format: 'AVRO', schema, id, json: { n: 42 } }]);
    const sse = await new SseClient().open(`${base}/topics/${topic}/live?from=earliest`);
    await registry.stop();
    try {
      await produceFrames(topic, [frame!, Buffer.from('plain after the frame')]);
      await sse.until(() => sse.messages().length >= 2, '2 messages');
      const [framed, plain] = sse.messages<WireMessage>();
      expect(framed!.offset).toBe(0);
      expect(framed!.value!.schema).toMatchObject({ id, error: expect.stringMatching(/unreachable/) });
      expect(rawOf(framed!.value)).toEqual(frame);
      expect(plain!.value!.text).toBe('plain after the frame');
      // the stream goes on: a later message still arrives, the registry still down
      await produceFrames(topic, [Buffer.from('later, still without a registry')]);
      await sse.until(() => sse.messages().length >= 3, '3 messages');
      expect(sse.messages<WireMessage>()[2]!.value!.text).toBe('later, still without a registry');
      // and the outage was no trouble of the stream's: no failure, no dropped messages, no reconnecting status
      expect(sse.events.map((e) => e.event).filter((e) => !['ready', 'heartbeat', 'messages'].includes(e))).toEqual([]);
      expect(sse.events[0]!.event).toBe('ready');

      registry = await startRegistry(store, PORT);
      // An unreachable registry is remembered for a few seconds: send the frame again until one arrives decoded.
      const decoded = await waitFor(
        async () => {
          const n = sse.messages().length;
          await produceFrames(topic, [frame!]);
          await sse.until(() => sse.messages().length > n, 'the frame again');
          const m = sse.messages<WireMessage>().at(-1)!;
          return m.value!.schema?.error === undefined ? m : null;
        },
        { timeoutMs: 45_000, intervalMs: 1_000, what: 'the frame decoded after the registry came back' },
      );
      expect(JSON.parse(decoded.value!.text!)).toEqual({ n: 42 });
      expect(decoded.value!.schema).toEqual({ format: 'AVRO', id, subject: `${topic}-value`, version: 1 });
    } finally {
      await sse.cut();
      if (registry.child.exitCode !== null || registry.child.signalCode !== null) registry = await startRegistry(store, PORT);
      await admin.deleteTopics([topic]).catch(() => {});
    }
  }, 120_000);
});

describe('keys', () => {
  const topics = { avro: `${T.avro}-keys`, proto: `${T.proto}-keys`, again: `${T.avro}-keys-again` };
  let avroKeyFrame: Buffer;
  const AVRO_KEY = freshAvro('StationKey', [{ name: 'station', type: 'string' }, { name: 'seq', type: 'long' }]);
  const PROTO_KEY = `syntax = "proto3";\npackage riffle.test.k${tag};\nmessage OrderKey {\n  string region = 1;\n  int64 seq = 2;\n}\n`;
  const keyIds: Record<'avro' | 'proto', number> = { avro: 0, proto: 0 };
  const avroKey = { station: 'KSEA', seq: 7 };
  const protoKey = { region: 'eu-west', seq: '9007199254740993' }; // past 2^53: must survive as text

  beforeAll(async () => {
    await createTestTopics(admin, Object.values(topics).map((topic) => ({ topic, numPartitions: 1 })));
    keyIds.avro = (await register(`${topics.avro}-key`, AVRO_KEY, 'AVRO')).id;
    keyIds.proto = (await register(`${topics.proto}-key`, PROTO_KEY, 'PROTOBUF')).id;
    const [ak, pk, value] = await javaEncode([
      { format: 'AVRO', schema: AVRO_KEY, id: keyIds.avro, json: avroKey },
      { format: 'PROTOBUF', schema: PROTO_KEY, id: keyIds.proto, json: protoKey },
      { format: 'AVRO', schema: AVRO_V1, id: ids.avro1!, json: avroValues[1]!.java },
    ]);
    avroKeyFrame = ak!;
    // framed keys (bytes that start with 0) go through a Kafka client, not kcat's text key
    await admin.produce(topics.avro, [{ key: ak!, value: value!, partition: 0 }]);
    await admin.produce(topics.proto, [{ key: pk!, value: 'plain value', partition: 0 }]);
  }, 120_000);
  afterAll(async () => {
    await admin.deleteTopics(Object.values(topics)).catch(() => {});
  });

  it('browse decodes framed Avro and Protobuf keys written by the Java libraries', async () => {
    const [a] = await browse(topics.avro);
    expect(JSON.parse(a!.key!.text!)).toEqual(avroKey);
    expect(a!.key!.schema).toEqual({ format: 'AVRO', id: keyIds.avro, subject: `${topics.avro}-key`, version: 1 });
    expect(JSON.parse(a!.value!.text!)).toEqual(avroValues[1]!.shown);
    const [p] = await browse(topics.proto);
    expect(JSON.parse(p!.key!.text!)).toEqual(protoKey);
    expect(p!.key!.schema).toEqual({ format: 'PROTOBUF', id: keyIds.proto, subject: `${topics.proto}-key`, version: 1 });
    expect(p!.value!.text).toBe('plain value');
    // the JSON download holds the decoded key
    expect(JSON.parse((JSON.parse(toExportJson([a!])) as { key: string }[])[0]!.key)).toEqual(avroKey);
  });

  it('a cached schema registered under one more subject later shows that topic\'s subject', async () => {
    // the console has this id cached (the test above) with the subjects it had then
    const again = await register(`${topics.again}-key`, AVRO_KEY, 'AVRO');
    expect(again.id).toBe(keyIds.avro);
    // two records in one read: each shows the subject read again for the first
    await admin.produce(topics.again, [{ key: avroKeyFrame, value: 'v', partition: 0 }, { key: avroKeyFrame, value: 'w', partition: 0 }]);
    const got = await browse(topics.again);
    expect(got).toHaveLength(2);
    for (const m of got) {
      expect(JSON.parse(m.key!.text!)).toEqual(avroKey);
      expect(m.key!.schema).toEqual({ format: 'AVRO', id: keyIds.avro, subject: `${topics.again}-key`, version: 1 });
    }
    // and the first topic still shows its own
    expect((await browse(topics.avro))[0]!.key!.schema).toMatchObject({ subject: `${topics.avro}-key` });
  });

  it('find by key and the live tail see the decoded key', async () => {
    const byKey = await api<BrowseResult>('GET', `${base}/topics/${topics.avro}/messages?from=earliest&limit=10&keyContains=KSEA`);
    expect(byKey.status, JSON.stringify(byKey.body)).toBe(200);
    expect(byKey.body.messages).toHaveLength(1);
    const sse = await new SseClient().open(`${base}/topics/${topics.proto}/live?from=earliest`);
    try {
      await sse.until(() => sse.messages().length >= 1, '1 message');
      const [m] = sse.messages<WireMessage>();
      expect(JSON.parse(m!.key!.text!)).toEqual(protoKey);
      expect(m!.key!.schema).toMatchObject({ format: 'PROTOBUF', id: keyIds.proto });
    } finally {
      await sse.cut();
    }
  });

  it('a key produced through Riffle with keySchema is read back exactly by the Java decoders', async () => {
    const sentAvro = { station: 'RIFF', seq: 1_764_000_000_123 };
    const a = await api<ProduceResult>('POST', `${base}/topics/${topics.avro}/messages`, { key: JSON.stringify(sentAvro), keySchema: { subject: `${topics.avro}-key`, version: 'latest' }, value: 'v', partition: 0 });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body.schemas?.key).toMatchObject({ id: keyIds.avro, version: 1, format: 'AVRO' });
    const sentProto = { region: 'ap-south', seq: '-12' };
    const p = await api<ProduceResult>('POST', `${base}/topics/${topics.proto}/messages`, { key: JSON.stringify(sentProto), keySchema: { subject: `${topics.proto}-key`, version: 1 }, value: 'v', partition: 0 });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    const [backAvro, backProto] = await javaDecode([
      { format: 'AVRO', schema: AVRO_KEY, frame: await rawKey(topics.avro, a.body.offset) },
      { format: 'PROTOBUF', schema: PROTO_KEY, frame: await rawKey(topics.proto, p.body.offset) },
    ]);
    expect(backAvro).toEqual({ id: keyIds.avro, json: sentAvro });
    expect(backProto).toMatchObject({ id: keyIds.proto, indexes: [0], json: sentProto });
    // and the console shows them as sent
    const shown = (await browse(topics.avro)).find((m) => m.offset === a.body.offset)!;
    expect(JSON.parse(shown.key!.text!)).toEqual(sentAvro);
  });

  it('refuses a key that does not fit its schema, naming the key (422)', async () => {
    const bad = await api<{ error: { code: string; field: string; message: string } }>('POST', `${base}/topics/${topics.avro}/messages`, { key: JSON.stringify({ station: 'X' }), keySchema: { subject: `${topics.avro}-key` }, value: 'v' });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'SCHEMA_MISMATCH', field: 'key' });
    expect(bad.body.error.message).toMatch(/seq/);
  });
});

/** The key of the record at `offset` as Kafka holds it, read with kcat. */
async function rawKey(topic: string, offset: number): Promise<Buffer> {
  const { stdout } = await run('kcat', ['-b', BOOTSTRAP, '-C', '-t', topic, '-p', '0', '-o', String(offset), '-c', '1', '-e', '-f', '%k'], { encoding: 'buffer', timeout: 60_000 });
  return stdout;
}
