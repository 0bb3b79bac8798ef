import { inject } from 'vitest';
import { TEST_USERS, type TestCaller } from './credentials';

export { TEST_USERS, TEST_ROLES, type TestCaller, type TestRole } from './credentials';

export const baseUrl = () => inject('baseUrl');

export interface ApiResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * Calls the console's HTTP API as a script would (no Origin header), as an admin unless `as`
 * says otherwise ('viewer', 'operator', 'admin' or 'none' for no credentials).
 */
export async function api<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, as: TestCaller = 'admin'): Promise<ApiResult<T>> {
  const res = await rawFetch(
    path,
    {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    },
    as,
  );
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // leave as text: the test will say so
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, { timeoutMs = 30_000, intervalMs = 250, what = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * fetch() against the console with whatever credentials the test server needs. Tests never
 * call the console with a bare fetch, so authentication is added in one place: an admin bearer
 * token by default, another role's with `as`, none with 'none'. A test that sets its own
 * Authorization or Cookie header gets exactly that.
 */
export function rawFetch(path: string, init: RequestInit = {}, as: TestCaller = 'admin'): Promise<Response> {
  return rawFetchAt(baseUrl(), path, init, as);
}

/** Bearer-token headers for a role, for tests that build requests themselves. */
export function authHeaders(as: TestCaller = 'admin'): Record<string, string> {
  return as === 'none' ? {} : { authorization: `Bearer ${TEST_USERS[as].token}` };
}

/**
 * Like api(), against a console server the test started itself (for example two instances
 * sharing one database). Goes through rawFetchAt so credentials are added in one place too.
 */
export async function apiAt<T = unknown>(base: string, method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  const res = await rawFetchAt(base, path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // leave as text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Servers started by a test take testServerEnv() (scripts/lib.mjs), so the test tokens work there too. */
export function rawFetchAt(base: string, path: string, init: RequestInit = {}, as: TestCaller = 'admin'): Promise<Response> {
  const headers = new Headers(init.headers);
  if (as !== 'none' && !headers.has('authorization') && !headers.has('cookie')) {
    headers.set('authorization', `Bearer ${TEST_USERS[as].token}`);
  }
  return fetch(`${base}${path}`, { ...init, headers });
}
