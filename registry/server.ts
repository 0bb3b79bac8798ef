import http from 'node:http';
import { errors, RegistryError } from './errors';
import type { Election } from './election';
import { SCHEMA_TYPES } from './records';
import { parseRegisterBody, versionAnswer, type RegistryService } from './service';

/**
 * The Confluent Schema Registry REST API over node:http. Answers are
 * application/vnd.schemaregistry.v1+json; errors are Confluent's {"error_code", "message"}.
 * Writes on an instance that is not the writer are forwarded to the writer (as Confluent's
 * followers do), with a header that stops a second hop.
 */

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const ACCEPTED_BODY_TYPES = ['application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json', 'application/json', 'application/octet-stream'];
const MAX_BODY = 16 << 20;
const FORWARDED = 'x-riffle-registry-forwarded';

type Query = URLSearchParams;
interface Ctx {
  method: string;
  parts: string[];
  query: Query;
  body: () => Promise<unknown>;
}
type Answer = { status?: number; body: unknown; raw?: string };

const flag = (q: Query, name: string) => q.get(name)?.toLowerCase() === 'true';

function idParam(raw: string): number {
  if (!/^[0-9]{1,10}$/.test(raw) || Number(raw) < 1 || Number(raw) > 2 ** 31 - 1) throw errors.schemaNotFound(`Schema ${raw} not found`);
  return Number(raw);
}

export function createServer(service: RegistryService, election: Election | null): http.Server {
  return http.createServer((req, res) => {
    handle(service, election, req, res).catch((err: unknown) => {
      const e = err instanceof RegistryError ? err : new RegistryError(500, 50001, `Error in the backend data store - ${(err as Error)?.message ?? String(err)}`);
      if (!(err instanceof RegistryError)) console.error('registry: unexpected error', err);
      send(res, e.status, e.toJSON());
    });
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, raw?: string): void {
  if (res.headersSent) return;
  const text = raw ?? JSON.stringify(body);
  res.writeHead(status, { 'content-type': raw !== undefined ? 'text/plain; charset=utf-8' : CONTENT_TYPE, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw errors.payloadTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function handle(service: RegistryService, election: Election | null, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  // Split by hand: new URL() reads a path starting with "//" as a host ("//x/y" is a request for
  // path "//x/y" here, not for host x).
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const pathname = q < 0 ? target : target.slice(0, q);
  const searchParams = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  const method = req.method ?? 'GET';
  let parts: string[];
  try {
    parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw errors.notFound();
  }
  let raw: Buffer | null = null;
  const bodyBytes = async () => (raw ??= await readBody(req));
  const body = async () => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type && !ACCEPTED_BODY_TYPES.includes(type)) throw errors.unsupportedMediaType();
    const bytes = await bodyBytes();
    if (!bytes.length) throw errors.unprocessable('The request needs a JSON body');
    try {
      return JSON.parse(bytes.toString('utf8')) as unknown;
    } catch (err) {
      throw errors.badRequest(`Unexpected character in the JSON body: ${(err as Error).message}`);
    }
  };
  const ctx: Ctx = { method, parts, query: searchParams, body };
  const route = routeOf(ctx);
  if (!route) {
    throw errors.notFound();
  }
  if (route.write && election && !election.isLeader) {
    await forward(election, req, res, await bodyBytes());
    return;
  }
  const answer = await route.run(service);
  send(res, answer.status ?? 200, answer.body, answer.raw);
}

async function forward(election: Election, req: http.IncomingMessage, res: http.ServerResponse, bytes: Buffer): Promise<void> {
  if (req.headers[FORWARDED]) throw errors.forwardingError('the instance this request was forwarded to is not the writer either; retry');
  const leader = await election.leaderUrl();
  if (!leader) throw errors.unknownLeader();
  let answer: Response;
  try {
    answer = await fetch(`${leader}${req.url ?? '/'}`, {
      method: req.method,
      headers: { 'content-type': req.headers['content-type'] ?? CONTENT_TYPE, accept: CONTENT_TYPE, [FORWARDED]: '1' },
      body: bytes.length ? new Uint8Array(bytes) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw errors.forwardingError(`${leader}: ${(err as Error).message}`);
  }
  const text = await answer.text();
  res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? CONTENT_TYPE, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

interface Route {
  write: boolean;
  run: (s: RegistryService) => Promise<Answer> | Answer;
}

function routeOf(ctx: Ctx): Route | null {
  const { method, parts: p, query: q } = ctx;
  const read = (run: Route['run']): Route => ({ write: false, run });
  const write = (run: Route['run']): Route => ({ write: true, run });
  const methods = (allowed: Record<string, Route | undefined>): Route => allowed[method] ?? { write: false, run: () => Promise.reject(errors.methodNotAllowed()) };

  if (p.length === 0) return methods({ GET: read(() => ({ body: {} })) });

  switch (p[0]) {
    case 'subjects': {
      if (p.length === 1) {
        return methods({ GET: read((s) => ({ body: s.subjects({ deleted: flag(q, 'deleted'), prefix: q.get('subjectPrefix') ?? '' }) })) });
      }
      const subject = p[1]!;
      if (p.length === 2) {
        return methods({
          POST: read(async (s) => ({ body: versionAnswer(s.lookup(subject, parseRegisterBody(await ctx.body()), flag(q, 'deleted'))) })),
          DELETE: write(async (s) => ({ body: await s.deleteSubject(subject, flag(q, 'permanent')) })),
        });
      }
      if (p[2] !== 'versions') return null;
      if (p.length === 3) {
        return methods({
          GET: read((s) => ({ body: s.versions(subject, flag(q, 'deleted')) })),
          POST: write(async (s) => ({ body: await s.register(subject, parseRegisterBody(await ctx.body())) })),
        });
      }
      const version = p[3]!;
      if (p.length === 4) {
        return methods({
          GET: read((s) => ({ body: versionAnswer(s.version(subject, version, flag(q, 'deleted'))) })),
          DELETE: write(async (s) => ({ body: await s.deleteVersion(subject, version, flag(q, 'permanent')) })),
        });
      }
      if (p.length === 5 && p[4] === 'schema') return methods({ GET: read((s) => ({ body: null, raw: s.version(subject, version, flag(q, 'deleted')).schema })) });
      if (p.length === 5 && p[4] === 'referencedby') {
        return methods({ GET: read((s) => ({ body: s.state.referencedBy(subject, s.version(subject, version, true).version) })) });
      }
      return null;
    }
    case 'schemas': {
      if (p.length === 1) {
        return methods({
          GET: read((s) => {
            const prefix = q.get('subjectPrefix') ?? '';
            const deleted = flag(q, 'deleted');
            const latestOnly = flag(q, 'latestOnly');
            const out = [];
            for (const subject of s.subjects({ deleted, prefix })) {
              const versions = s.state.versionsOf(subject, deleted);
              for (const v of latestOnly ? versions.slice(-1) : versions) out.push(versionAnswer(v));
            }
            return { body: out };
          }),
        });
      }
      if (p[1] === 'types' && p.length === 2) return methods({ GET: read(() => ({ body: SCHEMA_TYPES })) });
      if (p[1] !== 'ids' || p.length < 3) return null;
      const id = p[2]!;
      if (p.length === 3) {
        return methods({
          GET: read((s) => {
            const v = s.schemaById(idParam(id), q.get('subject'));
            // Confluent answers schema, schemaType and references; the subject and version of
            // one use (the one asked for with ?subject=) come too, as the ccompat OpenAPI
            // description requires them and clients ignore fields they do not know.
            const out: Record<string, unknown> = { subject: v.subject, version: v.version };
            if (v.schemaType !== 'AVRO') out.schemaType = v.schemaType;
            if (v.references.length) out.references = v.references;
            out.schema = v.schema;
            return { body: out };
          }),
        });
      }
      if (p.length === 4 && p[3] === 'schema') return methods({ GET: read((s) => ({ body: null, raw: s.schemaById(idParam(id)).schema })) });
      if (p.length === 4 && p[3] === 'versions') return methods({ GET: read((s) => ({ body: s.schemaVersionsById(idParam(id), flag(q, 'deleted')) })) });
      if (p.length === 4 && p[3] === 'subjects') {
        return methods({ GET: read((s) => ({ body: [...new Set(s.schemaVersionsById(idParam(id), flag(q, 'deleted')).map((v) => v.subject))] })) });
      }
      return null;
    }
    case 'config': {
      const subject = p.length === 2 ? p[1]! : p.length === 1 ? null : undefined;
      if (subject === undefined) return null;
      return methods({
        GET: read((s) => ({ body: s.levelAnswer(subject, subject === null || flag(q, 'defaultToGlobal')) })),
        PUT: write(async (s) => {
          const b = await ctx.body();
          const level = b && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>).compatibility : undefined;
          return { body: await s.setLevel(subject, level) };
        }),
        DELETE: write(async (s) => ({ body: await s.deleteLevel(subject) })),
      });
    }
    case 'compatibility': {
      if (p[1] !== 'subjects' || p[3] !== 'versions' || (p.length !== 4 && p.length !== 5)) return null;
      const subject = p[2]!;
      const version = p.length === 5 ? p[4]! : null;
      return methods({
        POST: read(async (s) => {
          const verdict = s.checkCompatibility(subject, version, parseRegisterBody(await ctx.body()));
          return { body: flag(q, 'verbose') ? verdict : { is_compatible: verdict.is_compatible } };
        }),
      });
    }
    case 'mode':
      if (p.length > 2) return null;
      return methods({ GET: read(() => ({ body: { mode: 'READWRITE' } })) });
    case 'contexts':
      if (p.length > 1) return null;
      return methods({ GET: read(() => ({ body: ['.'] })) });
    default:
      return null;
  }
}
