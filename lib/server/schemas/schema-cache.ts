import 'server-only';
import type { WireBytes } from '@/lib/contracts/messages';
import type { SchemaFormat, SchemaReference, WireSchema } from '@/lib/contracts/schemas';
import { clusterConfig } from '../clusters';
import type { SchemaRegistryConfig } from '../config';
import { AppError } from '../errors';
import { toWireBytes } from '../wire-bytes';
import { registryRequest } from './registry-http';
import { buildCodec, HEADER_BYTES, MAGIC, type Codec, type SchemaText } from './schema-codec';

/**
 * Schemas by id, per cluster and process, for decoding messages: fetched once, kept (a
 * registered schema never changes under its id). What could not be fetched is remembered
 * briefly, so a registry that is down or an unknown id costs one request per few seconds, not
 * one per message, and every message says why it is shown raw.
 */

interface Known {
  codec: Codec;
  format: SchemaFormat;
  subject: string | null;
  version: number | null;
  /** Every subject and version registered with this schema (the same schema can be in several). */
  versions: { subject: string; version: number }[];
  /**
   * Subjects records named that `versions` lacked, and when `versions` was read again for them: a
   * schema can be registered under more subjects (a new topic's) after it was cached.
   */
  missed: Map<string, number>;
  /** `versions` is to be read again on the next load. */
  stale: boolean;
}
interface Failed {
  error: string;
  format: SchemaFormat | null;
  until: number;
}

/** How long a failure is remembered: an unknown id for a minute, an unreachable registry for a few seconds. */
const NOT_FOUND_MS = 60_000;
const UNREACHABLE_MS = 5_000;
/** At most this often per id and subject, a cached schema's subjects are read again for a topic's subject they lack. */
const VERSIONS_REFRESH_MS = 60_000;
const MAX_IDS = 10_000;

interface RegistrySchemaBody {
  schema: string;
  schemaType?: SchemaFormat;
  references?: SchemaReference[];
}

export class SchemaCache {
  private readonly known = new Map<number, Known>();
  private readonly failed = new Map<number, Failed>();
  private readonly inflight = new Map<number, Promise<void>>();

  constructor(readonly conf: SchemaRegistryConfig) {}

  /** The decoded wire form of framed bytes, raw with a reason, or null when the bytes are not framed. Sync: cached schemas only. */
  wire(buf: Buffer, pending: number[] | null, subject?: string): WireBytes | null {
    if (buf.length === 0 || buf[0] !== MAGIC) return null;
    if (buf.length < HEADER_BYTES) return raw(buf, { format: null, id: null, subject: null, version: null, error: `truncated frame: ${buf.length} bytes, a schema-framed message has at least ${HEADER_BYTES}` });
    const id = buf.readInt32BE(1);
    const k = this.known.get(id);
    if (k) {
      // the topic's own subject (<topic>-value, TopicNameStrategy) when the schema is registered there too
      const own = subject !== undefined ? k.versions.find((v) => v.subject === subject) : undefined;
      if (subject !== undefined && !own && pending && (k.stale || Date.now() - (k.missed.get(subject) ?? 0) > VERSIONS_REFRESH_MS)) {
        // perhaps registered there since it was cached: decoded now, and again (every record of
        // this read that names it, while the read is pending) once its subjects are read
        if (!k.stale) {
          if (k.missed.size >= 1_000) k.missed.clear();
          k.missed.set(subject, Date.now());
          k.stale = true;
        }
        pending.push(id);
      }
      const schema: WireSchema = { format: k.format, id, subject: own?.subject ?? k.subject, version: own?.version ?? k.version };
      try {
        return { text: k.codec.decode(buf.subarray(HEADER_BYTES)), size: buf.length, schema };
      } catch (err) {
        return raw(buf, { ...schema, error: `the bytes do not match schema ${id} (${k.format}): ${(err as Error).message}` });
      }
    }
    const f = this.failed.get(id);
    if (f && f.until > Date.now()) return raw(buf, { format: f.format, id, subject: null, version: null, error: f.error });
    if (pending) {
      pending.push(id);
      return raw(buf, { format: null, id, subject: null, version: null, error: 'schema not fetched yet' });
    }
    return raw(buf, { format: null, id, subject: null, version: null, error: `schema ${id} is not fetched` });
  }

  /** Fetches these ids (each once, however many callers ask); failures are remembered, never thrown. */
  async load(ids: Iterable<number>): Promise<void> {
    await Promise.all(
      [...new Set(ids)].map((id) => {
        const k = this.known.get(id);
        if (k && !k.stale) return undefined;
        const f = this.failed.get(id);
        if (!k && f && f.until > Date.now()) return undefined;
        let p = this.inflight.get(id);
        if (!p) {
          p = (k ? this.refreshVersions(id, k) : this.fetchId(id)).finally(() => this.inflight.delete(id));
          this.inflight.set(id, p);
        }
        return p;
      }),
    );
  }

  /** The codec of a schema id, fetching it if needed; throws an AppError naming why not. */
  async codec(id: number): Promise<Known> {
    await this.load([id]);
    const k = this.known.get(id);
    if (k) return k;
    const f = this.failed.get(id);
    throw new AppError(f?.error.includes('unreachable') ? 503 : 422, 'SCHEMA_UNAVAILABLE', f?.error ?? `schema ${id} could not be fetched`, 'schema');
  }

  private async fetchId(id: number): Promise<void> {
    let body: RegistrySchemaBody;
    try {
      body = await registryRequest<RegistrySchemaBody>(this.conf, { path: `/schemas/ids/${id}` });
    } catch (err) {
      const notFound = err instanceof AppError && err.status === 404;
      this.remember(id, notFound ? `schema id ${id} is not in the registry: ${(err as Error).message}` : `the registry is unreachable: ${(err as Error).message}`, null, notFound ? NOT_FOUND_MS : UNREACHABLE_MS);
      return;
    }
    const format = body.schemaType ?? 'AVRO';
    try {
      const [text, versions] = await Promise.all([
        this.withReferences({ schema: body.schema, schemaType: format, references: body.references ?? [] }),
        registryRequest<{ subject: string; version: number }[]>(this.conf, { path: `/schemas/ids/${id}/versions` }).catch(() => []),
      ]);
      const codec = buildCodec(text);
      if (this.known.size >= MAX_IDS) this.known.delete(this.known.keys().next().value!);
      const first = Array.isArray(versions) ? versions[0] : undefined;
      this.known.set(id, { codec, format, subject: first?.subject ?? null, version: first?.version ?? null, versions: Array.isArray(versions) ? versions : [], missed: new Map(), stale: false });
      this.failed.delete(id);
    } catch (err) {
      const unreachable = err instanceof AppError && err.status === 503;
      this.remember(id, unreachable ? `the registry is unreachable: ${(err as Error).message}` : `schema ${id} cannot be used: ${(err as Error).message}`, format, unreachable ? UNREACHABLE_MS : NOT_FOUND_MS);
    }
  }

  private async refreshVersions(id: number, k: Known): Promise<void> {
    // a registry that is down keeps the subjects known so far; asked again for that subject after the interval
    const versions = await registryRequest<{ subject: string; version: number }[]>(this.conf, { path: `/schemas/ids/${id}/versions` }).catch(() => null);
    if (Array.isArray(versions) && versions.length) k.versions = versions;
    k.stale = false;
  }

  private remember(id: number, error: string, format: SchemaFormat | null, ms: number): void {
    if (this.failed.size >= MAX_IDS) this.failed.clear();
    this.failed.set(id, { error, format, until: Date.now() + ms });
  }

  /** A schema with its references' texts, fetched depth first (a reference names subject and version). */
  async withReferences(s: { schema: string; schemaType: SchemaFormat; references: SchemaReference[] }, depth = 0): Promise<SchemaText> {
    if (depth > 16) throw new Error('references nest deeper than 16 levels');
    const references = await Promise.all(
      s.references.map(async (r) => {
        const v = await registryRequest<RegistrySchemaBody>(this.conf, { path: `/subjects/${encodeURIComponent(r.subject)}/versions/${r.version}` });
        const resolved = await this.withReferences({ schema: v.schema, schemaType: v.schemaType ?? 'AVRO', references: v.references ?? [] }, depth + 1);
        return { name: r.name, ...resolved };
      }),
    );
    return { schema: s.schema, schemaType: s.schemaType, references };
  }
}

function raw(buf: Buffer, schema: WireSchema): WireBytes {
  return { ...toWireBytes(buf)!, schema };
}

const g = globalThis as unknown as { riffleSchemaCaches?: Map<string, SchemaCache> };
const caches = (g.riffleSchemaCaches ??= new Map());

/** The cluster's schema cache, or null when the cluster has no registry (messages then stay bytes). */
export function schemaCacheFor(clusterId: string): SchemaCache | null {
  let c = caches.get(clusterId);
  if (c) return c;
  const conf = clusterConfig(clusterId).schemaRegistry;
  if (!conf) return null;
  c = new SchemaCache(conf);
  caches.set(clusterId, c);
  return c;
}
