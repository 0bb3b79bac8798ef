import 'server-only';
import type {
  CompatibilityLevel,
  CompatibilityVerdict,
  RegisterResult,
  SchemaFormat,
  SchemaReference,
  SchemaVersion,
  SubjectDetail,
  SubjectsPage,
  SubjectSummary,
} from '@/lib/contracts/schemas';
import { clusterConfig } from '../clusters';
import type { SchemaRegistryConfig } from '../config';
import { AppError, NotFound, Unprocessable } from '../errors';
import { registryRequest } from './registry-http';
import { buildCodec, frameHeader, SchemaParseError } from './schema-codec';
import { schemaCacheFor } from './schema-cache';

/**
 * The registry pages' operations, reshaped into Riffle's own types: the browser never talks to
 * the registry and never sees its credentials. Subject names travel URL-encoded.
 */

export function registryOf(clusterId: string): SchemaRegistryConfig {
  const conf = clusterConfig(clusterId).schemaRegistry;
  if (!conf) throw new NotFound(`cluster "${clusterId}" has no schema registry configured (schemaRegistry in RIFFLE_CLUSTERS, or SCHEMA_REGISTRY_URL)`, 'cluster');
  return conf;
}

const enc = encodeURIComponent;

interface RawVersion {
  subject: string;
  version: number;
  id: number;
  schemaType?: SchemaFormat;
  schema: string;
  references?: SchemaReference[];
}

function toVersion(v: RawVersion): SchemaVersion {
  return { subject: v.subject, version: v.version, id: v.id, schemaType: v.schemaType ?? 'AVRO', schema: v.schema, references: v.references ?? [] };
}

/** A subject's own level, or null when it has none (it follows the global one). */
async function subjectLevel(conf: SchemaRegistryConfig, subject: string): Promise<CompatibilityLevel | null> {
  try {
    const c = await registryRequest<{ compatibilityLevel?: CompatibilityLevel; compatibility?: CompatibilityLevel }>(conf, { path: `/config/${enc(subject)}` });
    return c.compatibilityLevel ?? c.compatibility ?? null;
  } catch (err) {
    if (err instanceof AppError && err.status === 404) return null; // 40408: no subject-level config
    throw err;
  }
}

export async function globalLevel(conf: SchemaRegistryConfig): Promise<CompatibilityLevel | null> {
  const c = await registryRequest<{ compatibilityLevel?: CompatibilityLevel; compatibility?: CompatibilityLevel }>(conf, { path: '/config' });
  return c.compatibilityLevel ?? c.compatibility ?? null;
}

/** Runs `fn` over items with at most `n` at a time (a page of subjects asks the registry for each). */
async function mapLimit<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

export async function listSubjects(clusterId: string, q: { search?: string; cursor: number; limit: number; deleted: 'true' | 'false' }): Promise<SubjectsPage> {
  const conf = registryOf(clusterId);
  const [all, global] = await Promise.all([registryRequest<string[]>(conf, { path: `/subjects${q.deleted === 'true' ? '?deleted=true' : ''}` }), globalLevel(conf)]);
  const needle = q.search?.toLowerCase();
  const matching = all.filter((s) => !needle || s.toLowerCase().includes(needle)).sort((a, b) => a.localeCompare(b));
  const page = matching.slice(q.cursor, q.cursor + q.limit);
  const subjects = await mapLimit(page, 6, async (subject): Promise<SubjectSummary> => {
    try {
      const [versions, latest, level] = await Promise.all([
        registryRequest<number[]>(conf, { path: `/subjects/${enc(subject)}/versions` }),
        registryRequest<RawVersion>(conf, { path: `/subjects/${enc(subject)}/versions/latest` }),
        subjectLevel(conf, subject),
      ]);
      return { subject, format: latest.schemaType ?? 'AVRO', latestVersion: latest.version, latestId: latest.id, versions: versions.length, compatibility: level };
    } catch (err) {
      return { subject, format: null, latestVersion: null, latestId: null, versions: 0, compatibility: null, error: (err as Error).message };
    }
  });
  const end = q.cursor + page.length;
  return { subjects, total: matching.length, nextCursor: end < matching.length ? end : null, globalCompatibility: global, registryUrl: conf.url };
}

export async function getSubject(clusterId: string, subject: string): Promise<SubjectDetail> {
  const conf = registryOf(clusterId);
  const [versions, withDeleted, level, global] = await Promise.all([
    registryRequest<number[]>(conf, { path: `/subjects/${enc(subject)}/versions` }),
    registryRequest<number[]>(conf, { path: `/subjects/${enc(subject)}/versions?deleted=true` }).catch(() => [] as number[]),
    subjectLevel(conf, subject),
    globalLevel(conf),
  ]);
  const latest = versions.length ? toVersion(await registryRequest<RawVersion>(conf, { path: `/subjects/${enc(subject)}/versions/latest` })) : null;
  const referencedBy = latest
    ? await registryRequest<number[]>(conf, { path: `/subjects/${enc(subject)}/versions/${latest.version}/referencedby` }).catch(() => [] as number[])
    : [];
  return {
    subject,
    versions,
    deletedVersions: withDeleted.filter((v) => !versions.includes(v)),
    latest,
    compatibility: level,
    globalCompatibility: global,
    referencedBy,
  };
}

export async function getVersion(clusterId: string, subject: string, version: number | 'latest', deleted = false): Promise<SchemaVersion> {
  const conf = registryOf(clusterId);
  return toVersion(await registryRequest<RawVersion>(conf, { path: `/subjects/${enc(subject)}/versions/${version}${deleted ? '?deleted=true' : ''}` }));
}

/** The schema parses with the codec libraries Riffle decodes with: refused early, with the parser's reason. */
async function assertParses(clusterId: string, input: { schema: string; schemaType: SchemaFormat; references: SchemaReference[] }): Promise<void> {
  const cache = schemaCacheFor(clusterId)!;
  let text;
  try {
    text = await cache.withReferences(input);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) throw new Unprocessable(`a reference cannot be resolved: ${err.message}`, 'references', 'SCHEMA_INVALID');
    throw err;
  }
  try {
    buildCodec(text);
  } catch (err) {
    if (err instanceof SchemaParseError) throw new Unprocessable(err.message, 'schema', 'SCHEMA_INVALID');
    throw err;
  }
}

/** The registry's own verdict: is this schema compatible with the version (or every version, for transitive levels)? */
export async function checkCompatibility(clusterId: string, subject: string, version: number | 'latest', input: { schema: string; schemaType: SchemaFormat; references: SchemaReference[] }): Promise<CompatibilityVerdict> {
  const conf = registryOf(clusterId);
  await assertParses(clusterId, input);
  const [level, global] = await Promise.all([subjectLevel(conf, subject), globalLevel(conf)]);
  try {
    const r = await registryRequest<{ is_compatible: boolean; messages?: string[] }>(conf, {
      method: 'POST',
      path: `/compatibility/subjects/${enc(subject)}/versions/${version}?verbose=true`,
      body: { schema: input.schema, schemaType: input.schemaType, references: input.references },
    });
    return { compatible: r.is_compatible, messages: r.messages ?? [], level: level ?? global };
  } catch (err) {
    // a subject with no versions yet: anything is compatible with nothing
    if (err instanceof AppError && err.status === 404 && /subject|version/i.test(err.message)) return { compatible: true, messages: ['the subject has no version yet: nothing to be compatible with'], level: level ?? global };
    throw err;
  }
}

/** Registers a version; the registry checks compatibility itself and refuses with 409 and its own message. */
export async function registerSchema(clusterId: string, subject: string, input: { schema: string; schemaType: SchemaFormat; references: SchemaReference[] }): Promise<RegisterResult> {
  const conf = registryOf(clusterId);
  await assertParses(clusterId, input);
  const r = await registryRequest<{ id: number }>(conf, {
    method: 'POST',
    path: `/subjects/${enc(subject)}/versions`,
    body: { schema: input.schema, schemaType: input.schemaType, references: input.references },
  });
  // which version it became (an identical schema answers with its existing id)
  const found = await registryRequest<{ version: number }>(conf, { method: 'POST', path: `/subjects/${enc(subject)}`, body: { schema: input.schema, schemaType: input.schemaType, references: input.references } }).catch(() => null);
  return { id: r.id, version: found?.version ?? null, subject };
}

export async function setCompatibility(clusterId: string, subject: string | null, level: CompatibilityLevel): Promise<{ subject: string | null; compatibility: CompatibilityLevel }> {
  const conf = registryOf(clusterId);
  await registryRequest(conf, { method: 'PUT', path: subject === null ? '/config' : `/config/${enc(subject)}`, body: { compatibility: level } });
  return { subject, compatibility: level };
}

/** Soft delete (recoverable with ?deleted=true reads) or, after a soft one, a permanent delete. */
export async function deleteSubject(clusterId: string, subject: string, version: number | 'latest' | null, permanent: boolean): Promise<{ subject: string; deleted: number[]; permanent: boolean }> {
  const conf = registryOf(clusterId);
  const path = version === null ? `/subjects/${enc(subject)}` : `/subjects/${enc(subject)}/versions/${version}`;
  const r = await registryRequest<number[] | number>(conf, { method: 'DELETE', path: `${path}${permanent ? '?permanent=true' : ''}` });
  return { subject, deleted: Array.isArray(r) ? r : [r], permanent };
}

// ------------------------------------------------------------------------- produce framing

/**
 * Frames a JSON value for a subject's version: validated against the schema (every reason
 * listed, 422), encoded with the format's library, behind the 5-byte header.
 */
export async function frameForSubject(clusterId: string, subject: string, version: number | 'latest', value: unknown, field: 'key' | 'value'): Promise<{ bytes: Buffer; id: number; version: number; format: SchemaFormat }> {
  const v = await getVersion(clusterId, subject, version).catch((err) => {
    if (err instanceof AppError && err.status === 404) throw new Unprocessable(`${field}Schema: ${err.message}`, `${field}Schema`, 'SCHEMA_NOT_FOUND');
    throw err;
  });
  const cache = schemaCacheFor(clusterId)!;
  const { codec } = await cache.codec(v.id);
  const errors = codec.validate(value);
  if (errors.length) throw new SchemaMismatch(field, subject, v.version, errors);
  return { bytes: Buffer.concat([frameHeader(v.id), codec.encode(value)]), id: v.id, version: v.version, format: v.schemaType };
}

/** A value that does not fit its schema: 422 naming the field and every reason. */
export class SchemaMismatch extends Unprocessable {
  constructor(
    field: 'key' | 'value',
    subject: string,
    version: number,
    readonly errors: string[],
  ) {
    super(`${field} does not match ${subject} version ${version}: ${errors.join('; ')}`, field, 'SCHEMA_MISMATCH');
  }
}
