import 'server-only';
import { ZodError } from 'zod';
import { AppError, BadRequest, fromZodError, mapKafkaError, PayloadTooLarge, Unprocessable } from './errors';
import { authorize, type Access } from './auth/guard';
import type { Principal } from './auth/principal';

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

export interface HandlerContext {
  principal: Principal;
}

/**
 * Every route handler goes through here: authorize, run, and map whatever was thrown to the
 * one error shape. Unknown errors are logged server-side and answered as a 500 without the
 * stack or message, since those can carry internals.
 */
export async function handle(
  req: Request,
  access: Access,
  fn: (ctx: HandlerContext) => Promise<Response>,
  errorContext: { topic?: string; group?: string } = {},
): Promise<Response> {
  try {
    const principal = await authorize(req, access);
    return await fn({ principal });
  } catch (err) {
    if (err instanceof ZodError) return errorResponse(fromZodError(err));
    const mapped = mapKafkaError(err, errorContext);
    if (mapped) return errorResponse(mapped);
    const id = crypto.randomUUID();
    console.error(`[riffle] unhandled error ${id} on ${req.method} ${new URL(req.url).pathname}:`, err);
    return json({ error: { code: 'INTERNAL', message: `unexpected server error (reference ${id})` } }, 500);
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
