import 'server-only';
import http from 'node:http';
import https from 'node:https';

/**
 * One deadline-bound JSON request to a service the console depends on (Kafka Connect's REST
 * API, a Schema Registry): the transport both of their clients share. A service that is down
 * or stuck must make its pages say so within seconds, never hold a request hostage, and never
 * flood the server with an answer no such service would send; what an answer *means* (error
 * codes, secrets to scrub) stays with each service's own client.
 */

export interface JsonHttpCall {
  url: URL;
  method: string;
  /** Sent as JSON when defined. */
  body?: unknown;
  /** The media type of a body (the registry has its own). */
  contentType?: string;
  accept: string;
  authorization?: string;
  timeoutMs: number;
  /** Answers larger than this are cut off as an error: nothing the service sends is this large. */
  maxBytes: number;
  tls?: { ca?: string; rejectUnauthorized?: boolean };
  /** A keep-alive agent of the caller's (not used with a call's own TLS settings). */
  agent?: http.Agent;
}

export interface JsonHttpAnswer {
  status: number;
  /** The parsed JSON; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
}

/** Why the service gave no answer at all (refused, reset, timed out): the text for a 503. */
export class Unreachable extends Error {}

export async function jsonHttp(call: JsonHttpCall): Promise<JsonHttpAnswer> {
  const payload = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body), 'utf8');
  const headers: Record<string, string> = { accept: call.accept };
  if (payload) {
    headers['content-type'] = call.contentType ?? 'application/json';
    headers['content-length'] = String(payload.length);
  }
  if (call.authorization) headers.authorization = call.authorization;
  const secure = call.url.protocol === 'https:';

  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = (secure ? https : http).request(
      call.url,
      {
        method: call.method,
        headers,
        agent: secure && call.tls ? undefined : call.agent,
        ...(secure ? { ca: call.tls?.ca, rejectUnauthorized: call.tls?.rejectUnauthorized ?? true } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > call.maxBytes) req.destroy(new Error(`answer larger than ${call.maxBytes / 1024 / 1024} MiB`));
          else chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(call.timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${call.timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(payload);
  }).catch((err: NodeJS.ErrnoException) => {
    throw new Unreachable(err.code === 'ETIMEDOUT' ? err.message : `${err.code ?? 'error'}${err.message && !err.message.includes(err.code ?? '\u0000') ? `: ${err.message}` : ''}`);
  });

  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status, body };
}
