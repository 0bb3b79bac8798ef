import { afterAll, beforeAll, expect, it } from 'vitest';
import { javaAvroCompatibility } from '../helpers/schema-oracle';
import { AVRO_PAIRS } from './avro-corpus';
import { call, dropStore, newStore, startRegistry, type RegistryInstance } from './registry-process';

/**
 * Every Avro compatibility verdict of the registry equals Apache Avro's own (Java
 * SchemaCompatibility, from Maven Central) over a corpus of schema pairs: promotions,
 * defaults, unions, enums with and without defaults, fixed sizes, nested records, aliases.
 * Each pair is asked of the registry as Confluent's BACKWARD check (can the new schema, the
 * reader, read data written with the registered one, the writer?) and as FORWARD with the
 * roles swapped.
 */

const store = newStore('avro-compat');
let reg: RegistryInstance;

beforeAll(async () => {
  reg = await startRegistry(store);
}, 180_000);

afterAll(async () => {
  await reg?.stop();
  await dropStore(store);
});

it(`agrees with Apache Avro's SchemaCompatibility on ${AVRO_PAIRS.length} schema pairs`, async () => {
  expect(AVRO_PAIRS.length).toBeGreaterThanOrEqual(40);
  const text = (s: unknown) => JSON.stringify(s);
  const java = await javaAvroCompatibility(AVRO_PAIRS.map((p) => ({ reader: text(p.reader), writer: text(p.writer) })));
  const verdicts: string[] = [];
  const mismatches: string[] = [];
  for (const [i, pair] of AVRO_PAIRS.entries()) {
    const expected = java[i]!;
    expect(expected.error, `${pair.name}: Avro refused a schema`).toBeUndefined();
    // BACKWARD: the writer is registered, the reader is the candidate.
    const backward = `pair-${i}-backward`;
    expect((await call(reg.url, 'POST', `/subjects/${backward}/versions`, { schema: text(pair.writer) })).status).toBe(200);
    expect((await call(reg.url, 'PUT', `/config/${backward}`, { compatibility: 'BACKWARD' })).status).toBe(200);
    const b = await call<{ is_compatible: boolean }>(reg.url, 'POST', `/compatibility/subjects/${backward}/versions/latest`, { schema: text(pair.reader) });
    // FORWARD: the reader is registered, the writer is the candidate.
    const forward = `pair-${i}-forward`;
    expect((await call(reg.url, 'POST', `/subjects/${forward}/versions`, { schema: text(pair.reader) })).status).toBe(200);
    expect((await call(reg.url, 'PUT', `/config/${forward}`, { compatibility: 'FORWARD' })).status).toBe(200);
    const f = await call<{ is_compatible: boolean }>(reg.url, 'POST', `/compatibility/subjects/${forward}/versions/latest`, { schema: text(pair.writer) });
    verdicts.push(`${pair.name}: ${expected.compatible}`);
    for (const [how, got] of [['BACKWARD', b.body.is_compatible], ['FORWARD', f.body.is_compatible]] as const) {
      if (got !== expected.compatible) mismatches.push(`${pair.name} (${how}): registry ${got}, Avro ${expected.compatible} — ${expected.description}`);
    }
  }
  expect(mismatches).toEqual([]);
  // The corpus exercises both answers, so agreeing is not agreeing on "yes" alone.
  const yes = java.filter((v) => v.compatible).length;
  expect(yes).toBeGreaterThan(10);
  expect(AVRO_PAIRS.length - yes).toBeGreaterThan(10);
});
