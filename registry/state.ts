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

  apply(r: LogRecord): void {
    const key = parseKey(r.key);
    if (!key) return;
    switch (key.keytype) {
      case 'SCHEMA': {
        const versions = this.subjects.get(key.subject);
        if (r.value === null) {
          versions?.delete(key.version);
          if (versions && versions.size === 0) this.subjects.delete(key.subject);
          return;
        }
        const v = parseJson<SchemaValue>(r.value);
        if (!v || typeof v.id !== 'number' || typeof v.schema !== 'string') return;
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
        const versions = this.subjects.get(key.subject);
        for (const [n, s] of versions ?? []) if (s.deleted) versions!.delete(n);
        if (versions && versions.size === 0) this.subjects.delete(key.subject);
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
    const out: StoredVersion[] = [];
    for (const versions of this.subjects.values()) for (const v of versions.values()) if (v.id === id) out.push(v);
    return out.sort((a, b) => (a.subject === b.subject ? a.version - b.version : a.subject < b.subject ? -1 : 1));
  }

  /** The id an identical schema already has anywhere, so equal schemas share one id as in Confluent's registry. */
  idOf(schemaType: SchemaType, schema: string, references: SchemaReference[]): number | null {
    const refs = JSON.stringify(references);
    for (const versions of this.subjects.values()) {
      for (const v of versions.values()) {
        if (v.schemaType === schemaType && v.schema === schema && JSON.stringify(v.references) === refs) return v.id;
      }
    }
    return null;
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
