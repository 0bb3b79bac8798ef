/**
 * The `_schemas` topic's records in Confluent Schema Registry's own format (its KafkaStore's
 * SchemaRegistryKey/Value JSON), so a Confluent registry or Karapace pointed at the same
 * cluster reads what this one wrote, and the other way round. Keys are compared as bytes by
 * log compaction, so their field order is Confluent's: keytype, subject, version, magic.
 */

export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';
export const SCHEMA_TYPES: SchemaType[] = ['JSON', 'PROTOBUF', 'AVRO'];

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

/** A SCHEMA record's value. */
export interface SchemaValue {
  subject: string;
  version: number;
  id: number;
  schemaType?: SchemaType;
  references?: SchemaReference[];
  schema: string;
  deleted: boolean;
}

export const COMPATIBILITY_LEVELS = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

export type RegistryKey =
  | { keytype: 'SCHEMA'; subject: string; version: number; magic: number }
  | { keytype: 'CONFIG'; subject: string | null; magic: number }
  | { keytype: 'DELETE_SUBJECT'; subject: string; magic: number }
  | { keytype: 'CLEAR_SUBJECT'; subject: string; magic: number }
  | { keytype: 'MODE'; subject: string | null; magic: number }
  | { keytype: 'NOOP'; magic: number };

export const schemaKey = (subject: string, version: number): Buffer =>
  Buffer.from(JSON.stringify({ keytype: 'SCHEMA', subject, version, magic: 1 }));
export const configKey = (subject: string | null): Buffer => Buffer.from(JSON.stringify({ keytype: 'CONFIG', subject, magic: 0 }));
export const deleteSubjectKey = (subject: string): Buffer => Buffer.from(JSON.stringify({ keytype: 'DELETE_SUBJECT', subject, magic: 0 }));
export const noopKey = (): Buffer => Buffer.from(JSON.stringify({ keytype: 'NOOP', magic: 0 }));

export function schemaValue(v: SchemaValue): Buffer {
  // Confluent leaves schemaType out for AVRO and references out when there are none.
  const out: Record<string, unknown> = { subject: v.subject, version: v.version, id: v.id };
  if (v.schemaType && v.schemaType !== 'AVRO') out.schemaType = v.schemaType;
  if (v.references?.length) out.references = v.references;
  out.schema = v.schema;
  out.deleted = v.deleted;
  return Buffer.from(JSON.stringify(out));
}

export const configValue = (level: CompatibilityLevel): Buffer => Buffer.from(JSON.stringify({ compatibilityLevel: level }));
export const deleteSubjectValue = (subject: string, version: number): Buffer => Buffer.from(JSON.stringify({ subject, version }));

/** A record's key, or null for keys this registry does not know (they are skipped, as Confluent's reader skips them). */
export function parseKey(bytes: Buffer | null): RegistryKey | null {
  if (!bytes?.length) return null;
  try {
    const k = JSON.parse(bytes.toString('utf8')) as RegistryKey;
    return k && typeof k === 'object' && typeof k.keytype === 'string' ? k : null;
  } catch {
    return null;
  }
}

export function parseJson<T>(bytes: Buffer | null): T | null {
  if (!bytes?.length) return null;
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    return null;
  }
}
