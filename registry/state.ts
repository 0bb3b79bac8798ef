import {
  COMPATIBILITY_LEVELS,
  parseJson,
  parseKey,
  type CompatibilityLevel,
  type SchemaReference,
  type SchemaType,
  type SchemaValue,
} from './records';
import type { LogRecord } from './kafka-log';

/**
 * The registry's view of `_schemas`, rebuilt by applying its records in order (every instance
 * holds the same view once it has read the same records). Reads are answered from here.
 */

export interface StoredVersion {
  subject: string;
  version: number;
  id: number;
  schemaType: SchemaType;
  references: SchemaReference[];
  schema: string;
  deleted: boolean;
}

export class RegistryState {
  /** subject → version → record. */
  readonly subjects = new Map<string, Map<number, StoredVersion>>();
  /** null: the global level. */
  readonly configs = new Map<string | null, CompatibilityLevel>();
  maxId = 0;
  /** id → the versions using it (deleted ones too): lookups by id are the serializers' hot path. */
  readonly #byId = new Map<number, Set<StoredVersion>>();
  /** schema type + text + references → id, so registering an existing schema finds its id at once. */
  readonly #idByContent = new Map<string, number>();

  #index(v: StoredVersion): void {
    let set = this.#byId.get(v.id);
    if (!set) this.#byId.set(v.id, (set = new Set()));
    set.add(v);
    this.#idByContent.set(contentKey(v.schemaType, v.schema, v.references), v.id);
  }

  #unindex(v: StoredVersion): void {
    const set = this.#byId.get(v.id);
    set?.delete(v);
    if (set && set.size === 0) {
      this.#byId.delete(v.id);
      const key = contentKey(v.schemaType, v.schema, v.references);
      if (this.#idByContent.get(key) === v.id) this.#idByContent.delete(key);
    }
  }

  #remove(subject: string, version: number): void {
    const versions = this.subjects.get(subject);
    const old = versions?.get(version);
    if (!versions || !old) return;
    versions.delete(version);
    this.#unindex(old);
    if (versions.size === 0) this.subjects.delete(subject);
  }

  apply(r: LogRecord): void {
    const key = parseKey(r.key);
    if (!key) return;
    switch (key.keytype) {
      case 'SCHEMA': {
        if (r.value === null) {
          this.#remove(key.subject, key.version);
          return;
        }
        const v = parseJson<SchemaValue>(r.value);
        if (!v || typeof v.id !== 'number' || typeof v.schema !== 'string') return;
        this.#remove(key.subject, key.version);
        const versions = this.subjects.get(key.subject);
        const stored: StoredVersion = {
          subject: key.subject,
          version: key.version,
          id: v.id,
          schemaType: v.schemaType ?? 'AVRO',
          references: v.references ?? [],
          schema: v.schema,
          deleted: v.deleted === true,
        };
        let map = versions;
        if (!map) this.subjects.set(key.subject, (map = new Map()));
        map.set(key.version, stored);
        this.#index(stored);
        if (v.id > this.maxId) this.maxId = v.id;
        return;
      }
      case 'CONFIG': {
        const v = parseJson<{ compatibilityLevel?: string }>(r.value);
        const level = v?.compatibilityLevel as CompatibilityLevel | undefined;
        if (!level || !COMPATIBILITY_LEVELS.includes(level)) this.configs.delete(key.subject ?? null);
        else this.configs.set(key.subject ?? null, level);
        return;
      }
      case 'DELETE_SUBJECT': {
        // Confluent's soft delete of a subject: every version up to the one named is deleted.
        const v = parseJson<{ version?: number }>(r.value);
        const upTo = v?.version ?? Number.MAX_SAFE_INTEGER;
        for (const s of this.subjects.get(key.subject)?.values() ?? []) if (s.version <= upTo) s.deleted = true;
        return;
      }
      case 'CLEAR_SUBJECT': {
        // Confluent's permanent delete of a soft-deleted subject's versions.
        for (const s of [...(this.subjects.get(key.subject)?.values() ?? [])]) if (s.deleted) this.#remove(key.subject, s.version);
        return;
      }
      default:
        return;
    }
  }

  versionsOf(subject: string, includeDeleted: boolean): StoredVersion[] {
    const all = [...(this.subjects.get(subject)?.values() ?? [])].sort((a, b) => a.version - b.version);
    return includeDeleted ? all : all.filter((v) => !v.deleted);
  }

  /** Every (subject, version) that uses the id, deleted ones included. */
  usesOf(id: number): StoredVersion[] {
    const out = [...(this.#byId.get(id) ?? [])];
    return out.sort((a, b) => (a.subject === b.subject ? a.version - b.version : a.subject < b.subject ? -1 : 1));
  }

  /** The id an identical schema already has anywhere, so equal schemas share one id as in Confluent's registry. */
  idOf(schemaType: SchemaType, schema: string, references: SchemaReference[]): number | null {
    return this.#idByContent.get(contentKey(schemaType, schema, references)) ?? null;
  }

  /** Versions that reference subject/version (Confluent's referencedby): their ids. */
  referencedBy(subject: string, version: number): number[] {
    const ids = new Set<number>();
    for (const versions of this.subjects.values()) {
      for (const v of versions.values()) {
        if (!v.deleted && v.references.some((r) => r.subject === subject && r.version === version)) ids.add(v.id);
      }
    }
    return [...ids].sort((a, b) => a - b);
  }

  globalLevel(): CompatibilityLevel {
    return this.configs.get(null) ?? 'BACKWARD';
  }

  levelOf(subject: string): CompatibilityLevel {
    return this.configs.get(subject) ?? this.globalLevel();
  }
}

function contentKey(schemaType: SchemaType, schema: string, references: SchemaReference[]): string {
  return `${schemaType}\u0000${JSON.stringify(references)}\u0000${schema}`;
}
