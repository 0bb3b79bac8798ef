import 'server-only';
import { ZodError } from 'zod';
import { AppError, BadRequest, fromZodError, PayloadTooLarge, Unprocessable } from './errors';
import { mapKafkaError } from './kafka/kafka-errors';
import { outcomeOf, pruneAnonymousAudit, recordAudit } from './audit';
import { anonymousAuditAllowance } from './auth/limits';
import { authSettings } from './auth/auth-settings';
import { authorize, clientAddress, isMutation, type Access, type GuardState } from './auth/guard';
import type { Principal } from './auth/principal';
import { recordHttpRequest } from './observability/http-metrics';

export const MAX_JSON_BODY_BYTES = 1_048_576;

export function json(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

export function errorResponse(err: AppError): Response {
  return json(err.toBody(), err.status);
}

export interface HandlerContext<A extends Access = Access> {
  /** The caller; null only on public routes called without credentials. */
  principal: A['role'] extends 'public' ? Principal | null : Principal;
  /** What the audit entry of this call says, where the route knows better (e.g. who just signed in). */
  audit: AuditOverrides;
}

export interface AuditOverrides {
  actor?: Principal;
  target?: string;
  detail?: string;
}

/**
 * Every route handler goes through here: authorize, run, and map whatever was thrown to the
 * one error shape. Unknown errors are logged server-side and answered as a 500 without the
 * stack or message, since those can carry internals. Every mutation (and, with
 * RIFFLE_AUDIT_READS=1, every message read) is written to the audit log with its outcome,
 * refused ones included, so no route has to remember to.
 */
export async function handle<A extends Access>(
  req: Request,
  access: A,
  fn: (ctx: HandlerContext<A>) => Promise<Response>,
  errorContext: { topic?: string; group?: string } = {},
): Promise<Response> {
  const started = performance.now();
  const state: GuardState = {};
  const audit: AuditOverrides = {};
  let res: Response;
  let detail: string | undefined;
  try {
    const principal = await authorize(req, access, state);
    res = await fn({ principal, audit } as HandlerContext<A>);
  } catch (err) {
    if (err instanceof ZodError) {
      const e = fromZodError(err);
      detail = e.message;
      res = errorResponse(e);
    } else {
      const mapped = mapKafkaError(err, errorContext);
      if (mapped) {
        detail = mapped.message;
        res = errorResponse(mapped);
      } else {
        const id = crypto.randomUUID();
        console.error(`[riffle] unhandled error ${id} on ${req.method} ${new URL(req.url).pathname}:`, err);
        detail = `unexpected server error (reference ${id})`;
        res = json({ error: { code: 'INTERNAL', message: detail } }, 500);
      }
    }
  }
  const mutation = state.mutation ?? isMutation(req, access);
  const read = access.messagesOf !== undefined || access.reads !== undefined;
  if (mutation || (read && authSettings().auditReads)) {
    const principal = audit.actor ?? state.principal ?? null;
    const ip = clientAddress(req);
    let skipped = 0;
    if (!principal && outcomeOf(res.status) === 'denied') {
      // Refused and anonymous: anyone who reaches the port can make these, so they are stored
      // at a bounded rate per address (the rest counted in the next stored row) and kept
      // RIFFLE_AUDIT_ANONYMOUS_RETENTION_DAYS only.
      const allowance = anonymousAuditAllowance(ip);
      if (!allowance) return res;
      skipped = allowance.skipped;
      void pruneAnonymousAudit();
    }
    const { action, target } = describeRoute(req.method, new URL(req.url).pathname);
    const why = audit.detail ?? detail;
    await recordAudit({
      principal,
      action: access.action ?? action,
      method: req.method,
      path: new URL(req.url).pathname,
      cluster: access.cluster ?? null,
      target: audit.target ?? access.target ?? access.messagesOf ?? access.reads?.join(',') ?? target,
      status: res.status,
      detail: skipped ? `${why ?? 'refused'} (and ${skipped} more refused anonymous requests from this address, not stored)` : why,
      ip,
    });
  }
  recordHttpRequest(req.method, describeRoute(req.method, new URL(req.url).pathname).action, res.status, performance.now() - started);
  return res;
}

// Collections whose next path segment is an identifier, and the name of that parameter.
const PARAM_AFTER: Record<string, string> = { clusters: 'cluster', topics: 'topic', 'consumer-groups': 'group', brokers: 'broker', tokens: 'id' };

/** "DELETE /api/clusters/local/topics/orders" → action "DELETE /api/clusters/{cluster}/topics/{topic}", target "orders". */
export function describeRoute(method: string, pathname: string): { action: string; target: string | null } {
  const segs = pathname.split('/');
  let target: string | null = null;
  const out = segs.map((seg, i) => {
    const param = i > 0 ? PARAM_AFTER[segs[i - 1]!] : undefined;
    if (!param || !seg) return seg;
    if (param !== 'cluster') target = safeDecode(seg);
    return `{${param}}`;
  });
  return { action: `${method} ${out.join('/')}`, target };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Reads a JSON body with a size limit; bad JSON is a 400, an oversized body a 413. */
export async function readJson(req: Request, limit = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
  }
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > limit) throw new PayloadTooLarge(`request body is ${declared} bytes; the limit is ${limit}`);
  const text = await readLimitedText(req, limit);
  if (!text.trim()) throw new BadRequest('request body is empty; send a JSON object', 'body');
  try {
    return JSON.parse(text);
  } catch {
    throw new Unprocessable('request body is not valid JSON', 'body', 'INVALID_JSON');
  }
}

async function readLimitedText(req: Request, limit: number): Promise<string> {
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new PayloadTooLarge(`request body is over the ${limit}-byte limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Query-string parameters as a plain object, for zod. */
export function queryOf(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams);
}

export type Params<T extends Record<string, string>> = { params: Promise<T> };
