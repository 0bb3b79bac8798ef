import 'server-only';
import type { ConnectConfig } from '../config';
import { AppError, BadRequest, Conflict, NotFound, Unavailable } from '../errors';
import { jsonHttp, Unreachable } from '../json-http';

/**
 * The one HTTP client of Kafka Connect's REST API. Every call has a deadline: a worker that is
 * down or stuck in a rebalance makes Connect pages say so within seconds, and never holds a
 * request (or a Kafka page) hostage. The worker's answers are reshaped into AppErrors here, in
 * one place, with any secret of the request scrubbed from their messages.
 */

export const READ_TIMEOUT_MS = 5_000;
// Creating, deleting and the offsets API wait for the group's rebalance (or a task to stop).
export const WRITE_TIMEOUT_MS = 30_000;

export interface ConnectCall {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query, starting with "/". */
  path: string;
  body?: unknown;
  timeoutMs?: number;
  /** Values that must never appear in an error message (passwords of the config being sent). */
  secrets?: string[];
}

export interface ConnectAnswer<T> {
  status: number;
  body: T;
}

export class ConnectError extends AppError {}

function scrub(text: string, secrets: string[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join('****');
  return out;
}

// A distributed worker refuses requests while its group rebalances (409, or a 500 "a rebalance is
// expected" right after connectors were created): seen in the e2e journey when an edit followed
// two creates. Such answers are retried for a few seconds before they reach the user.
const REBALANCE_RETRY_MS = [500, 1_000, 2_000, 3_000];

/** Sends one request; resolves for any 2xx, throws an AppError otherwise. */
export async function connectRequest<T = unknown>(conn: ConnectConfig, call: ConnectCall): Promise<ConnectAnswer<T>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await connectRequestOnce<T>(conn, call);
    } catch (err) {
      const rebalancing = err instanceof AppError && (err.status === 409 || err.status === 502) && /rebalanc/i.test(err.message);
      if (!rebalancing || attempt >= REBALANCE_RETRY_MS.length) throw err;
      await new Promise((r) => setTimeout(r, REBALANCE_RETRY_MS[attempt]));
    }
  }
}

async function connectRequestOnce<T>(conn: ConnectConfig, call: ConnectCall): Promise<ConnectAnswer<T>> {
  const method = call.method ?? 'GET';
  const timeoutMs = call.timeoutMs ?? (method === 'GET' ? READ_TIMEOUT_MS : WRITE_TIMEOUT_MS);
  const where = `Kafka Connect "${conn.name}" at ${conn.url}`;
  const { status, body } = await jsonHttp({
    url: new URL(call.path, `${conn.url}/`),
    method,
    body: call.body,
    accept: 'application/json',
    authorization: conn.auth ? `Basic ${Buffer.from(`${conn.auth.username}:${conn.auth.password}`).toString('base64')}` : undefined,
    timeoutMs,
    // A worker answer is small; anything past 16 MiB is not Connect talking.
    maxBytes: 16 * 1024 * 1024,
    tls: conn.tls,
  }).catch((err: unknown) => {
    if (err instanceof Unreachable) throw new Unavailable(`${where} is unreachable (${scrub(err.message, call.secrets)})`, 'CONNECT_UNAVAILABLE');
    throw err;
  });
  if (status >= 200 && status < 300) return { status, body: body as T };

  const workerMessage = scrub(
    typeof body === 'object' && body && 'message' in body ? String((body as { message: unknown }).message) : typeof body === 'string' ? body.slice(0, 500) : `HTTP ${status}`,
    call.secrets,
  );
  if (status === 401 || status === 403) throw new Unavailable(`${where} refused the console's credentials (${status}): ${workerMessage}`, 'CONNECT_AUTH_FAILED');
  if (status === 404) throw new NotFound(workerMessage);
  if (status === 409) throw new Conflict(`${where}: ${workerMessage}`, undefined, 'CONNECT_CONFLICT');
  if (status >= 400 && status < 500) throw new BadRequest(workerMessage, undefined, 'CONNECT_REFUSED');
  // The worker's own failure (500, or a 503 while it starts): the console is fine, Connect is not.
  throw new ConnectError(status === 503 || status === 504 ? 503 : 502, 'CONNECT_ERROR', `${where} failed (${status}): ${workerMessage}`);
}
