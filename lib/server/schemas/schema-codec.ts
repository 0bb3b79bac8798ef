import 'server-only';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import avro from 'avsc';
import protobuf from 'protobufjs';
import type { SchemaFormat } from '@/lib/contracts/schemas';

/**
 * Codecs for the three formats a Confluent-compatible registry holds, on maintained libraries:
 * Avro on avsc, Protobuf on protobufjs, JSON Schema on ajv. The only bytes handled here by hand
 * are the Confluent frame header (magic byte 0 and a 4-byte big-endian schema id); Protobuf's
 * message-index list after it is read and written with protobufjs's own zig-zag varint codec.
 */

export const MAGIC = 0;
export const HEADER_BYTES = 5;

/** A schema as the registry gives it, references already fetched (depth first). */
export interface SchemaText {
  schemaType: SchemaFormat;
  schema: string;
  /** Referenced schemas, each with the name the referring schema imports it by. */
  references: { name: string; schemaType: SchemaFormat; schema: string; references: SchemaText['references'] }[];
}

export interface Codec {
  format: SchemaFormat;
  /** The payload after the 5-byte header to JSON text; throws with the reason when the bytes don't fit. */
  decode(payload: Buffer): string;
  /** Why a JSON value does not fit the schema (empty: it fits). */
  validate(value: unknown): string[];
  /** A JSON value to the payload after the header (validate first). */
  encode(value: unknown): Buffer;
}

export class SchemaParseError extends Error {}

/** The frame header: magic byte 0 then the schema id. */
export function frameHeader(id: number): Buffer {
  const b = Buffer.alloc(HEADER_BYTES);
  b.writeUInt8(MAGIC, 0);
  b.writeInt32BE(id, 1);
  return b;
}

export function buildCodec(s: SchemaText): Codec {
  try {
    switch (s.schemaType) {
      case 'AVRO':
        return avroCodec(s);
      case 'PROTOBUF':
        return protobufCodec(s);
      case 'JSON':
        return jsonCodec(s);
    }
  } catch (err) {
    throw new SchemaParseError(`the ${s.schemaType} schema cannot be parsed: ${(err as Error).message}`);
  }
}

// ------------------------------------------------------------------------------------- Avro

/** Avro `bytes`/`fixed` are shown as the Avro JSON encoding does: one character per byte. */
function avroReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  if (Buffer.isBuffer(original)) return original.toString('latin1');
  return value;
}

function avroCodec(s: SchemaText): Codec {
  const registry: Record<string, avro.Type> = {};
  const addRefs = (refs: SchemaText['references']) => {
    for (const r of refs) {
      addRefs(r.references);
      avro.Type.forSchema(JSON.parse(r.schema), { registry });
    }
  };
  addRefs(s.references);
  const type = avro.Type.forSchema(JSON.parse(s.schema), { registry });
  // the replacer is called for every key: only schemas with bytes or fixed values need it
  const texts = [s.schema, ...s.references.map((r) => r.schema)].join('\n');
  const replacer = /"(bytes|fixed)"/.test(texts) ? avroReplacer : undefined;
  return {
    format: 'AVRO',
    decode: (payload) => JSON.stringify(type.fromBuffer(payload), replacer),
    validate(value) {
      const errors: string[] = [];
      // bytes and fixed arrive as JSON strings: coerced to buffers first when the value allows it
      let v: unknown = value;
      let cloneError: string | null = null;
      try {
        v = type.clone(value, { coerceBuffers: true });
      } catch (err) {
        cloneError = (err as Error).message;
      }
      type.isValid(v, {
        errorHook: (path, val, t) => {
          if (errors.length < 20) errors.push(`${path.length ? `$.${path.join('.')}` : '$'}: ${JSON.stringify(val) ?? 'missing'} is not a valid ${describeAvroType(t)}`);
        },
      });
      if (errors.length === 0 && cloneError) errors.push(cloneError);
      return errors;
    },
    encode: (value) => type.toBuffer(type.clone(value, { coerceBuffers: true })),
  };
}

function describeAvroType(t: avro.Type): string {
  const name = (t as { name?: string }).name;
  return name ? `${t.typeName} ${name}` : t.typeName;
}

// --------------------------------------------------------------------------------- Protobuf

const WELL_KNOWN = /^google\/protobuf\/[a-z_]+\.proto$/;

function protobufCodec(s: SchemaText): Codec {
  const root = new protobuf.Root();
  const addCommon = (imports: string[] | undefined) => {
    for (const imp of imports ?? []) {
      if (!WELL_KNOWN.test(imp)) continue;
      const json = protobuf.common.get(imp);
      if (json) root.addJSON((json as { nested: protobuf.INamespace['nested'] }).nested ?? {});
    }
  };
  const seen = new Set<string>();
  const addRefs = (refs: SchemaText['references']) => {
    for (const r of refs) {
      if (seen.has(r.name)) continue;
      seen.add(r.name);
      addRefs(r.references);
      const parsed = protobuf.parse(r.schema, root, { keepCase: true });
      addCommon(parsed.imports);
    }
  };
  addRefs(s.references);
  const main = protobuf.parse(s.schema, root, { keepCase: true });
  addCommon(main.imports);
  root.resolveAll();
  // The main file's own messages, in declaration order: what the message indexes count. Parsed
  // again on its own because the shared root also holds the referenced files' messages.
  const own = protobuf.parse(s.schema, { keepCase: true });
  const ns = main.package ? own.root.lookup(main.package) : own.root;
  const topLevel = ((ns as protobuf.Namespace | null)?.nestedArray ?? []).filter((n): n is protobuf.Type => n instanceof protobuf.Type).map((t) => t.fullName);
  if (topLevel.length === 0) throw new Error('the schema declares no message');

  const typeAt = (indexes: number[]): protobuf.Type => {
    let t = root.lookupType(topLevel[indexes[0]!] ?? '\u0000');
    for (const i of indexes.slice(1)) {
      const nested = t.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type)[i];
      if (!nested) throw new Error(`message index ${i} does not exist inside ${t.name}`);
      t = nested;
    }
    return t;
  };
  const first = root.lookupType(topLevel[0]!);
  const toJsonOptions: protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, defaults: false, json: true };
  return {
    format: 'PROTOBUF',
    decode(payload) {
      const reader = protobuf.Reader.create(payload);
      const count = reader.sint32();
      if (count < 0 || count > 64) throw new Error(`the message-index list says ${count} entries`);
      const indexes = count === 0 ? [0] : Array.from({ length: count }, () => reader.sint32());
      if (indexes[0]! >= topLevel.length) throw new Error(`message index ${indexes[0]} does not exist (the schema has ${topLevel.length} top-level messages)`);
      const type = typeAt(indexes);
      return JSON.stringify(type.toObject(type.decode(payload.subarray(reader.pos)), toJsonOptions));
    },
    validate(value) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return ['$: a Protobuf message is a JSON object'];
      const errors = unknownProtoFields(first, value as Record<string, unknown>, '$');
      if (errors.length) return errors;
      try {
        const msg = first.fromObject(value as Record<string, unknown>);
        const why = first.verify(msg);
        return why ? [why] : [];
      } catch (err) {
        return [(err as Error).message];
      }
    },
    encode(value) {
      // The first message of the file: index list [0], written as the single 0 Confluent uses.
      const writer = protobuf.Writer.create();
      writer.sint32(0);
      const header = writer.finish();
      return Buffer.concat([header, first.encode(first.fromObject(value as Record<string, unknown>)).finish()]);
    },
  };
}

function unknownProtoFields(t: protobuf.Type, obj: Record<string, unknown>, at: string): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const f = t.fields[k] ?? Object.values(t.fields).find((x) => x.name === k || (x as { jsonName?: string }).jsonName === k);
    if (!f) {
      out.push(`${at}.${k}: ${t.name} has no field "${k}"`);
      continue;
    }
    f.resolve();
    if (f.resolvedType instanceof protobuf.Type && v && typeof v === 'object') {
      const items = f.repeated && Array.isArray(v) ? v : [v];
      items.forEach((item, i) => {
        if (item && typeof item === 'object' && !Array.isArray(item)) out.push(...unknownProtoFields(f.resolvedType as protobuf.Type, item as Record<string, unknown>, f.repeated ? `${at}.${k}[${i}]` : `${at}.${k}`));
      });
    }
  }
  return out;
}

// ------------------------------------------------------------------------------ JSON Schema

function jsonCodec(s: SchemaText): Codec {
  const schema = JSON.parse(s.schema) as { $schema?: string };
  const opts = { allErrors: true, strict: false, validateFormats: false };
  const ajv = typeof schema.$schema === 'string' && /2019-09|2020-12/.test(schema.$schema) ? new Ajv2020(opts) : new Ajv(opts);
  const addRefs = (refs: SchemaText['references']) => {
    for (const r of refs) {
      addRefs(r.references);
      if (!ajv.getSchema(r.name)) ajv.addSchema(JSON.parse(r.schema), r.name);
    }
  };
  addRefs(s.references);
  const validate: ValidateFunction = ajv.compile(schema);
  return {
    format: 'JSON',
    decode(payload) {
      const text = payload.toString('utf8');
      JSON.parse(text); // throws when the bytes after the header are not JSON
      return text;
    },
    validate(value) {
      if (validate(value)) return [];
      return (validate.errors ?? []).slice(0, 20).map((e) => `$${e.instancePath.replace(/\//g, '.')}: ${e.message ?? 'does not match'}`);
    },
    encode: (value) => Buffer.from(JSON.stringify(value), 'utf8'),
  };
}
