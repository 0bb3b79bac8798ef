import avro from 'avsc';
import protobuf from 'protobufjs';
import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { CompatibilityLevel, SchemaType } from './records';

/**
 * Parsing, validating and comparing schemas of the three formats, each with a maintained
 * library: avsc for Avro (its resolver implements the specification's schema-resolution
 * rules, which decide Avro compatibility), protobufjs for Protobuf, Ajv for JSON Schema. No
 * format is parsed by hand.
 *
 * Compatibility is decided for Avro only. Protobuf and JSON Schema subjects are held at NONE:
 * Confluent's rules for them (field numbers, oneofs, open/closed content models...) are not
 * something a library here implements, and a half-right check would wave breaking changes
 * through, so the registry refuses any other level for them (42203) instead.
 */

export class InvalidSchema extends Error {}

/** A schema text with the resolved texts of the schemas it references (depth first, dependencies before dependents). */
export interface SchemaInput {
  schemaType: SchemaType;
  schema: string;
  /** name → schema text of every schema referenced, directly or not. */
  references: { name: string; schemaType: SchemaType; schema: string }[];
}

export interface ParsedSchema {
  schemaType: SchemaType;
  /** The text stored: Avro and JSON minified (so equal schemas compare equal), Protobuf as given. */
  canonical: string;
  /** Avro only: the parsed type, for compatibility checks. */
  avroType?: avro.Type;
}

export function parseSchema(input: SchemaInput): ParsedSchema {
  switch (input.schemaType) {
    case 'AVRO':
      return parseAvro(input);
    case 'PROTOBUF':
      return parseProtobuf(input);
    case 'JSON':
      return parseJsonSchema(input);
  }
}

function jsonOf(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InvalidSchema(`Invalid ${what}: ${(err as Error).message}`);
  }
}

function parseAvro(input: SchemaInput): ParsedSchema {
  // One registry of named types shared by the references and the schema: a reference makes
  // its named types known to the schema that imports it, as Confluent's AvroSchema does.
  const registry: Record<string, avro.Type> = {};
  const opts = { registry, wrapUnions: true as const };
  try {
    for (const ref of input.references) {
      if (ref.schemaType === 'AVRO') avro.Type.forSchema(jsonOf(ref.schema, 'Avro schema') as avro.Schema, opts);
    }
    const json = jsonOf(input.schema, 'Avro schema');
    const avroType = avro.Type.forSchema(json as avro.Schema, opts);
    return { schemaType: 'AVRO', canonical: JSON.stringify(json), avroType };
  } catch (err) {
    if (err instanceof InvalidSchema) throw err;
    throw new InvalidSchema(`Invalid schema: ${(err as Error).message}`);
  }
}

function addWellKnown(root: protobuf.Root, file: string): boolean {
  const json = (protobuf.common as unknown as { get(file: string): protobuf.INamespace | null }).get(file);
  if (!json) return false;
  root.addJSON(json.nested ?? {});
  return true;
}

function parseProtobuf(input: SchemaInput): ParsedSchema {
  const root = new protobuf.Root();
  try {
    const known = new Set(input.references.map((r) => r.name));
    const parsedAll = [...input.references.filter((r) => r.schemaType === 'PROTOBUF').map((r) => r.schema), input.schema];
    for (const text of parsedAll) {
      const res = protobuf.parse(text, root, { keepCase: true, alternateCommentMode: true });
      for (const imp of [...(res.imports ?? []), ...(res.weakImports ?? [])]) {
        if (known.has(imp)) continue;
        if (!addWellKnown(root, imp)) throw new InvalidSchema(`Invalid schema: import "${imp}" is neither a reference nor a well-known type`);
      }
    }
    root.resolveAll();
    return { schemaType: 'PROTOBUF', canonical: input.schema.trim() };
  } catch (err) {
    if (err instanceof InvalidSchema) throw err;
    throw new InvalidSchema(`Invalid schema: ${(err as Error).message}`);
  }
}

function ajvFor(schema: unknown): Ajv {
  const dialect = schema && typeof schema === 'object' ? String((schema as { $schema?: unknown }).$schema ?? '') : '';
  const opts = { strict: false, allErrors: false, validateFormats: false };
  if (dialect.includes('2020-12')) return new Ajv2020(opts);
  if (dialect.includes('2019-09')) return new Ajv2019(opts);
  return new Ajv(opts);
}

function parseJsonSchema(input: SchemaInput): ParsedSchema {
  const json = jsonOf(input.schema, 'JSON schema');
  if (typeof json !== 'boolean' && (json === null || typeof json !== 'object' || Array.isArray(json))) {
    throw new InvalidSchema('Invalid schema: a JSON schema is an object or a boolean');
  }
  const ajv = ajvFor(json);
  try {
    for (const ref of input.references) {
      if (ref.schemaType === 'JSON') ajv.addSchema(jsonOf(ref.schema, 'JSON schema') as object, ref.name);
    }
    ajv.compile(json as object);
  } catch (err) {
    if (err instanceof InvalidSchema) throw err;
    throw new InvalidSchema(`Invalid schema: ${(err as Error).message}`);
  }
  return { schemaType: 'JSON', canonical: JSON.stringify(json) };
}

/** Levels other than NONE are only offered where the registry can decide them (see above). */
export function supportsLevel(schemaType: SchemaType, level: CompatibilityLevel): boolean {
  return schemaType === 'AVRO' || level === 'NONE';
}

/**
 * Whether data written with `writer` can be read with `reader`, by the Avro specification's
 * schema resolution (avsc's Type#createResolver throws where resolution fails). The answer's
 * message is the library's reason. Named types match on their unqualified names and aliases
 * (ignoreNamespaces), as Apache Avro's Java SchemaCompatibility matches them: the registry's
 * verdicts are held against that one in test/registry/avro-compatibility.test.ts.
 */
export function avroCanRead(reader: avro.Type, writer: avro.Type): { ok: true } | { ok: false; reason: string } {
  try {
    reader.createResolver(writer, { ignoreNamespaces: true });
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}

export interface PreviousVersion {
  version: number;
  schema: string;
  type: avro.Type;
}

/**
 * Confluent's levels: BACKWARD = the new schema reads data written with the previous one;
 * FORWARD = the previous reads the new's; FULL = both. The plain forms compare with the latest
 * version, the _TRANSITIVE forms with every live version. Returns Confluent-style messages,
 * empty when compatible.
 */
export function avroCompatibilityMessages(level: CompatibilityLevel, candidate: avro.Type, previous: PreviousVersion[]): string[] {
  if (level === 'NONE' || previous.length === 0) return [];
  const transitive = level.endsWith('_TRANSITIVE');
  const against = transitive ? [...previous].sort((a, b) => b.version - a.version) : [previous.reduce((a, b) => (b.version > a.version ? b : a))];
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  const messages: string[] = [];
  for (const old of against) {
    const problems: string[] = [];
    if (backward) {
      const r = avroCanRead(candidate, old.type);
      if (!r.ok) problems.push(`Incompatibility{type:READER_CANNOT_READ_WRITER_DATA, direction:BACKWARD, message:${r.reason}}`);
    }
    if (forward) {
      const r = avroCanRead(old.type, candidate);
      if (!r.ok) problems.push(`Incompatibility{type:READER_CANNOT_READ_WRITER_DATA, direction:FORWARD, message:${r.reason}}`);
    }
    if (problems.length) {
      messages.push(...problems, `{oldSchemaVersion: ${old.version}}`, `{oldSchema: '${old.schema}'}`, `{compatibility: '${level}'}`);
    }
  }
  return messages;
}
