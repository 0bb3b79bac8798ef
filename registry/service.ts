import type avro from 'avsc';
import { errors } from './errors';
import { avroCompatibilityMessages, InvalidSchema, parseSchema, supportsLevel, type ParsedSchema, type SchemaInput } from './formats';
import type { KafkaLog } from './kafka-log';
import {
  COMPATIBILITY_LEVELS,
  configKey,
  configValue,
  deleteSubjectKey,
  deleteSubjectValue,
  noopKey,
  SCHEMA_TYPES,
  schemaKey,
  schemaValue,
  type CompatibilityLevel,
  type SchemaReference,
  type SchemaType,
} from './records';
import { RegistryState, type StoredVersion } from './state';

/**
 * The registry's operations, Confluent's semantics: reads answer from the state every instance
 * rebuilds from `_schemas`; writes (only on the elected leader; server.ts forwards the others)
 * run one at a time, append their records and answer once the instance's own reader has
 * applied them, so an answer never runs ahead of what every reader of the topic sees.
 */

export interface RegisterBody {
  schema: string;
  schemaType: SchemaType;
  references: SchemaReference[];
}

const MAX_VERSION = 2 ** 31 - 1;

/** "latest", -1 (Confluent's alias for latest) or 1..2^31-1. */
export function parseVersion(raw: string): number | 'latest' {
  if (raw === 'latest' || raw === '-1') return 'latest';
  if (!/^[0-9]{1,10}$/.test(raw)) throw errors.invalidVersion(raw);
  const n = Number(raw);
  if (n < 1 || n > MAX_VERSION) throw errors.invalidVersion(raw);
  return n;
}

/** The request body of register, lookup and compatibility: Confluent's RegisterSchemaRequest. */
export function parseRegisterBody(body: unknown): RegisterBody {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw errors.unprocessable('The request body must be a JSON object with a "schema" field');
  const b = body as Record<string, unknown>;
  if (typeof b.schema !== 'string' || b.schema.trim() === '') throw errors.invalidSchema('Empty schema: the "schema" field must be a non-empty string');
  const schemaType = b.schemaType ?? 'AVRO';
  if (typeof schemaType !== 'string' || !SCHEMA_TYPES.includes(schemaType as SchemaType)) {
    throw errors.invalidSchema(`Invalid schemaType ${JSON.stringify(schemaType)}: one of ${SCHEMA_TYPES.join(', ')}`);
  }
  const refs = b.references ?? [];
  if (!Array.isArray(refs)) throw errors.unprocessable('"references" must be an array of {name, subject, version}');
  const references = refs.map((r, i) => {
    const ok = r && typeof r === 'object' && typeof r.name === 'string' && r.name && typeof r.subject === 'string' && r.subject && Number.isInteger(r.version);
    if (!ok) throw errors.unprocessable(`references[${i}] must be {name: string, subject: string, version: integer}`);
    return { name: r.name as string, subject: r.subject as string, version: r.version as number };
  });
  return { schema: b.schema, schemaType: schemaType as SchemaType, references };
}

export interface VersionAnswer {
  subject: string;
  id: number;
  version: number;
  schemaType?: SchemaType;
  references?: SchemaReference[];
  schema: string;
}

export function versionAnswer(v: StoredVersion): VersionAnswer {
  const out: VersionAnswer = { subject: v.subject, version: v.version, id: v.id, schema: v.schema };
  // Confluent leaves schemaType out for AVRO, and references out when there are none.
  if (v.schemaType !== 'AVRO') out.schemaType = v.schemaType;
  if (v.references.length) out.references = v.references;
  return out;
}

export class RegistryService {
  readonly state = new RegistryState();
  #queue: Promise<unknown> = Promise.resolve();
  #parsed = new Map<string, ParsedSchema>();

  constructor(readonly log: KafkaLog) {}

  // ---- reads ----

  subjects(opts: { deleted: boolean; prefix: string }): string[] {
    const out: string[] = [];
    for (const [subject] of this.state.subjects) {
      if (!subject.startsWith(opts.prefix)) continue;
      if (this.state.versionsOf(subject, opts.deleted).length) out.push(subject);
    }
    return out.sort();
  }

  #liveOrDeleted(subject: string, deleted: boolean): StoredVersion[] {
    const all = this.state.versionsOf(subject, true);
    if (!all.length) throw errors.subjectNotFound(subject);
    const versions = deleted ? all : all.filter((v) => !v.deleted);
    if (!versions.length) throw errors.subjectNotFound(subject);
    return versions;
  }

  versions(subject: string, deleted: boolean): number[] {
    return this.#liveOrDeleted(subject, deleted).map((v) => v.version);
  }

  version(subject: string, raw: string, deleted: boolean): StoredVersion {
    const wanted = parseVersion(raw);
    const versions = this.#liveOrDeleted(subject, deleted);
    const found = wanted === 'latest' ? versions[versions.length - 1] : versions.find((v) => v.version === wanted);
    if (!found) throw errors.versionNotFound(subject, raw);
    return found;
  }

  schemaById(id: number, subject: string | null = null): StoredVersion {
    const uses = this.state.usesOf(id);
    if (!uses.length) throw errors.schemaNotFound(`Schema ${id} not found`);
    return uses.find((u) => u.subject === subject && !u.deleted) ?? uses.find((u) => !u.deleted) ?? uses[0]!;
  }

  schemaVersionsById(id: number, deleted: boolean): { subject: string; version: number }[] {
    const uses = this.state.usesOf(id);
    if (!uses.length) throw errors.schemaNotFound(`Schema ${id} not found`);
    return uses.filter((u) => deleted || !u.deleted).map((u) => ({ subject: u.subject, version: u.version }));
  }

  /** Resolves references depth first into the texts the parser needs. */
  #resolveReferences(refs: SchemaReference[], seen = new Set<string>()): SchemaInput['references'] {
    const out: SchemaInput['references'] = [];
    for (const ref of refs) {
      const key = `${ref.subject}\u0000${ref.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const target = this.state.subjects.get(ref.subject)?.get(ref.version);
      if (!target) throw errors.invalidSchema(`Invalid schema: reference "${ref.name}" names subject "${ref.subject}" version ${ref.version}, which does not exist`);
      out.push(...this.#resolveReferences(target.references, seen));
      out.push({ name: ref.name, schemaType: target.schemaType, schema: target.schema });
    }
    return out;
  }

  parse(body: RegisterBody): ParsedSchema {
    try {
      return parseSchema({ schemaType: body.schemaType, schema: body.schema, references: this.#resolveReferences(body.references) });
    } catch (err) {
      if (err instanceof InvalidSchema) throw errors.invalidSchema(err.message);
      throw err;
    }
  }

  /** A stored version's parsed form, cached by id (an id's schema never changes). */
  #parsedStored(v: StoredVersion): ParsedSchema {
    let p = this.#parsed.get(`${v.id}`);
    if (!p) {
      p = parseSchema({ schemaType: v.schemaType, schema: v.schema, references: this.#resolveReferences(v.references) });
      this.#parsed.set(`${v.id}`, p);
    }
    return p;
  }

  lookup(subject: string, body: RegisterBody, deleted: boolean): StoredVersion {
    const versions = this.state.versionsOf(subject, true);
    if (!versions.length) throw errors.subjectNotFound(subject);
    const parsed = this.parse(body);
    const found = versions
      .filter((v) => deleted || !v.deleted)
      .find((v) => v.schemaType === parsed.schemaType && v.schema === parsed.canonical && sameRefs(v.references, body.references));
    if (!found) throw errors.schemaNotFound('Schema not found');
    return found;
  }

  /** Messages saying why `parsed` breaks the level against `against`; empty when it does not. */
  #incompatibilities(subject: string, level: CompatibilityLevel, parsed: ParsedSchema, against: StoredVersion[]): string[] {
    if (level === 'NONE' || !against.length) return [];
    const latest = against[against.length - 1]!;
    if (latest.schemaType !== parsed.schemaType) {
      return [`Incompatibility{type:TYPE_MISMATCH, message:the schema type ${parsed.schemaType} differs from ${latest.schemaType} of version ${latest.version}}`, `{compatibility: '${level}'}`];
    }
    if (parsed.schemaType !== 'AVRO') {
      throw errors.invalidCompatibilityLevel(notSupported(subject, parsed.schemaType, level));
    }
    const previous = against
      .filter((v) => v.schemaType === 'AVRO')
      .map((v) => ({ version: v.version, schema: v.schema, type: this.#parsedStored(v).avroType as avro.Type }));
    return avroCompatibilityMessages(level, parsed.avroType!, previous);
  }

  /** POST /compatibility/subjects/{s}/versions[/{v}]. */
  checkCompatibility(subject: string, rawVersion: string | null, body: RegisterBody): { is_compatible: boolean; messages: string[] } {
    const parsed = this.parse(body);
    let level = this.state.levelOf(subject);
    const live = this.state.versionsOf(subject, false);
    if (parsed.schemaType !== 'AVRO' && !this.state.configs.has(subject)) level = 'NONE';
    let against: StoredVersion[];
    if (rawVersion === null) {
      against = live;
    } else {
      if (!live.length) throw errors.subjectNotFound(subject);
      const v = this.version(subject, rawVersion, false);
      // One named version: compare with it alone, in the level's direction(s).
      against = [v];
      if (level.endsWith('_TRANSITIVE')) level = level.replace('_TRANSITIVE', '') as CompatibilityLevel;
    }
    const messages = this.#incompatibilities(subject, level, parsed, against);
    return { is_compatible: messages.length === 0, messages };
  }

  // ---- writes (leader only) ----

  /** Runs write operations one at a time, so ids and versions are handed out in order. */
  #serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(op, op);
    this.#queue = run.catch(() => {});
    return run;
  }

  async #append(records: { key: Buffer; value: Buffer | null }[]): Promise<void> {
    let last: bigint;
    try {
      last = await this.log.append(records);
    } catch (err) {
      throw errors.storeError((err as Error).message);
    }
    try {
      await this.log.waitFor(last);
    } catch (err) {
      throw errors.timeout((err as Error).message);
    }
  }

  /** Before the first write as leader: read everything anyone wrote before, by writing a NOOP and reading up to it (as Confluent does). */
  async syncAsLeader(): Promise<void> {
    await this.#serial(() => this.#append([{ key: noopKey(), value: null }]));
  }

  register(subject: string, body: RegisterBody): Promise<{ id: number }> {
    return this.#serial(async () => {
      const parsed = this.parse(body);
      const all = this.state.versionsOf(subject, true);
      const live = all.filter((v) => !v.deleted);
      const same = live.find((v) => v.schemaType === parsed.schemaType && v.schema === parsed.canonical && sameRefs(v.references, body.references));
      if (same) return { id: same.id };
      const explicit = this.state.configs.get(subject);
      if (parsed.schemaType !== 'AVRO' && explicit && !supportsLevel(parsed.schemaType, explicit)) {
        throw errors.invalidCompatibilityLevel(notSupported(subject, parsed.schemaType, explicit));
      }
      const effective = this.state.levelOf(subject);
      const latest = live[live.length - 1];
      if (latest && latest.schemaType !== parsed.schemaType && effective !== 'NONE') {
        throw errors.incompatible(
          `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [Incompatibility{type:TYPE_MISMATCH, message:the schema type ${parsed.schemaType} differs from ${latest.schemaType} of version ${latest.version}}, {compatibility: '${effective}'}]`,
        );
      }
      // Protobuf and JSON Schema subjects are held at NONE (formats.ts): the global level is Avro's.
      const level = parsed.schemaType === 'AVRO' ? effective : 'NONE';
      const messages = this.#incompatibilities(subject, level, parsed, live);
      if (messages.length) {
        throw errors.incompatible(`Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${messages.join(', ')}]`);
      }
      const id = this.state.idOf(parsed.schemaType, parsed.canonical, body.references) ?? this.state.maxId + 1;
      const version = all.reduce((m, v) => Math.max(m, v.version), 0) + 1;
      await this.#append([
        {
          key: schemaKey(subject, version),
          value: schemaValue({ subject, version, id, schemaType: parsed.schemaType, references: body.references, schema: parsed.canonical, deleted: false }),
        },
      ]);
      return { id };
    });
  }

  deleteSubject(subject: string, permanent: boolean): Promise<number[]> {
    return this.#serial(async () => {
      const all = this.state.versionsOf(subject, true);
      if (!all.length) throw errors.subjectNotFound(subject);
      const live = all.filter((v) => !v.deleted);
      for (const v of live) {
        const refs = this.state.referencedBy(subject, v.version);
        if (refs.length) throw errors.referenceExists(`One or more references exist to the schema {subject=${subject},version=${v.version}}: ids ${refs.join(', ')}`);
      }
      if (!permanent) {
        if (!live.length) throw errors.subjectSoftDeleted(subject);
        const latest = all[all.length - 1]!.version;
        await this.#append([{ key: deleteSubjectKey(subject), value: deleteSubjectValue(subject, latest) }]);
        return live.map((v) => v.version);
      }
      if (live.length) throw errors.subjectNotSoftDeleted(subject);
      const records = all.map((v) => ({ key: schemaKey(subject, v.version), value: null }));
      if (this.state.configs.has(subject)) records.push({ key: configKey(subject), value: null });
      await this.#append(records);
      return all.map((v) => v.version);
    });
  }

  deleteVersion(subject: string, raw: string, permanent: boolean): Promise<number> {
    return this.#serial(async () => {
      const wanted = parseVersion(raw);
      const all = this.state.versionsOf(subject, true);
      if (!all.length) throw errors.subjectNotFound(subject);
      const candidates = permanent ? all : all.filter((v) => !v.deleted);
      const v = wanted === 'latest' ? candidates[candidates.length - 1] : all.find((x) => x.version === wanted);
      if (!v) {
        if (!all.some((x) => !x.deleted) && !permanent) throw errors.subjectNotFound(subject);
        throw errors.versionNotFound(subject, raw);
      }
      if (!permanent) {
        if (v.deleted) throw errors.versionSoftDeleted(subject, v.version);
        const refs = this.state.referencedBy(subject, v.version);
        if (refs.length) throw errors.referenceExists(`One or more references exist to the schema {subject=${subject},version=${v.version}}: ids ${refs.join(', ')}`);
        await this.#append([{ key: schemaKey(subject, v.version), value: schemaValue({ ...v, deleted: true }) }]);
        return v.version;
      }
      if (!v.deleted) throw errors.versionNotSoftDeleted(subject, v.version);
      await this.#append([{ key: schemaKey(subject, v.version), value: null }]);
      return v.version;
    });
  }

  setLevel(subject: string | null, raw: unknown): Promise<{ compatibility: CompatibilityLevel }> {
    return this.#serial(async () => {
      const level = typeof raw === 'string' ? (raw.toUpperCase() as CompatibilityLevel) : null;
      if (!level || !COMPATIBILITY_LEVELS.includes(level)) {
        throw errors.invalidCompatibilityLevel(`Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive`);
      }
      if (subject !== null) {
        const latest = this.state.versionsOf(subject, false).at(-1);
        if (latest && !supportsLevel(latest.schemaType, level)) throw errors.invalidCompatibilityLevel(notSupported(subject, latest.schemaType, level));
      }
      await this.#append([{ key: configKey(subject), value: configValue(level) }]);
      return { compatibility: level };
    });
  }

  deleteLevel(subject: string | null): Promise<{ compatibilityLevel: CompatibilityLevel }> {
    return this.#serial(async () => {
      const previous = this.state.configs.get(subject);
      if (subject !== null && !previous) throw errors.subjectLevelCompatibilityNotConfigured(subject);
      await this.#append([{ key: configKey(subject), value: null }]);
      return { compatibilityLevel: previous ?? 'BACKWARD' };
    });
  }

  levelAnswer(subject: string | null, defaultToGlobal: boolean): { compatibilityLevel: CompatibilityLevel } {
    if (subject === null) return { compatibilityLevel: this.state.globalLevel() };
    const own = this.state.configs.get(subject);
    if (own) return { compatibilityLevel: own };
    if (defaultToGlobal) return { compatibilityLevel: this.state.globalLevel() };
    throw errors.subjectLevelCompatibilityNotConfigured(subject);
  }
}

function sameRefs(a: SchemaReference[], b: SchemaReference[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function notSupported(subject: string, schemaType: SchemaType, level: CompatibilityLevel): string {
  return `Invalid compatibility level ${level} for subject "${subject}": this registry decides compatibility for AVRO only; ${schemaType} subjects support NONE only`;
}

