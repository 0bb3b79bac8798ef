import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { SchemaRegistryConfig } from '../config';
import { AppError, Unavailable } from '../errors';
import { jsonHttp, Unreachable } from '../json-http';

/**
 * The one HTTP client of a Confluent-compatible Schema Registry's REST API (Confluent, Karapace,
 * Redpanda, Apicurio's ccompat API, Riffle's own). A thin client on purpose: the API is a
 * dozen plain JSON calls, and the maintained JS clients either drag in three clouds' KMS SDKs
 * (@confluentinc/schemaregistry) or hide the registry's own error codes behind their own
 * (docs/schemas.md says more). Every call has a deadline, so a registry that is down makes the
 * registry pages say so within seconds and never stalls a message page.
 */

export const READ_TIMEOUT_MS = 4_000;
export const WRITE_TIMEOUT_MS = 15_000;

export interface RegistryCall {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path and query, starting with "/". */
  path: string;
  body?: unknown;
  timeoutMs?: number;
}

/** An answer of the registry that is an error of its own, with Confluent's error code (40401, 42201, …). */
export class RegistryError extends AppError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly registryCode: number | null,
    field?: string,
  ) {
    super(status, code, message, field);
  }
}

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 8 }), https: new https.Agent({ keepAlive: true, maxSockets: 8 }) };

function authHeader(conf: SchemaRegistryConfig): string | undefined {
  if (!conf.auth) return undefined;
  if ('token' in conf.auth) return `Bearer ${conf.auth.token}`;
  return `Basic ${Buffer.from(`${conf.auth.username}:${conf.auth.password}`).toString('base64')}`;
}

/** Sends one request; resolves with the parsed body of a 2xx, throws an AppError otherwise. */
export async function registryRequest<T = unknown>(conf: SchemaRegistryConfig, call: RegistryCall): Promise<T> {
  const method = call.method ?? 'GET';
  const timeoutMs = call.timeoutMs ?? (method === 'GET' ? READ_TIMEOUT_MS : WRITE_TIMEOUT_MS);
  const where = `the Schema Registry at ${conf.url}`;
  const url = new URL(conf.url + call.path);
  const { status, body } = await jsonHttp({
    url,
    method,
    body: call.body,
    contentType: 'application/vnd.schemaregistry.v1+json',
    accept: 'application/vnd.schemaregistry.v1+json, application/json',
    authorization: authHeader(conf),
    timeoutMs,
    maxBytes: 32 * 1024 * 1024,
    tls: conf.tls,
    agent: url.protocol === 'https:' ? agents.https : agents.http,
  }).catch((err: unknown) => {
    if (err instanceof Unreachable) throw new Unavailable(`${where} is unreachable (${err.message})`, 'SCHEMA_REGISTRY_UNAVAILABLE');
    throw err;
  });
  if (status >= 200 && status < 300) return body as T;

  const obj = typeof body === 'object' && body !== null ? (body as { error_code?: unknown; message?: unknown }) : null;
  const registryCode = typeof obj?.error_code === 'number' ? obj.error_code : null;
  const message = obj && typeof obj.message === 'string' ? obj.message : typeof body === 'string' && body ? body.slice(0, 500) : `HTTP ${status}`;
  const coded = registryCode !== null ? `${message} (registry error ${registryCode})` : message;
  if (status === 401 || status === 403) throw new RegistryError(503, 'SCHEMA_REGISTRY_AUTH_FAILED', `${where} refused the console's credentials (${status}): ${message}`, registryCode);
  if (status === 404) throw new RegistryError(404, 'NOT_FOUND', coded, registryCode);
  if (status === 409) throw new RegistryError(409, 'SCHEMA_INCOMPATIBLE', coded, registryCode, 'schema');
  if (status === 422) throw new RegistryError(422, 'SCHEMA_INVALID', coded, registryCode, registryCode === 42201 || registryCode === 42203 ? 'schema' : undefined);
  if (status >= 400 && status < 500) throw new RegistryError(400, 'SCHEMA_REGISTRY_REFUSED', coded, registryCode);
  throw new RegistryError(status === 503 || status === 504 ? 503 : 502, 'SCHEMA_REGISTRY_ERROR', `${where} failed (${status}): ${message}`, registryCode);
}

