import type { z } from 'zod';
import { apiErrorBody } from '@/lib/contracts/errors';

/** An error answered by the API, with the field it concerns (for forms). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** 503: the cluster (not the console) is the problem. */
  get unavailable(): boolean {
    return this.status === 503;
  }
}

interface FetchOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/** Calls the console's API and validates the answer with the shared schema. */
export async function apiFetch<S extends z.ZodType>(url: string, schema: S, options: FetchOptions = {}): Promise<z.infer<S>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: options.method ?? 'GET',
      headers: options.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', 'the console server cannot be reached');
  }
  const text = await res.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError(res.status, 'BAD_RESPONSE', `the server answered ${res.status} with something that is not JSON`);
  }
  if (!res.ok) {
    const parsed = apiErrorBody.safeParse(data);
    if (parsed.success) {
      const e = parsed.data.error;
      throw new ApiError(res.status, e.code, e.message, e.field);
    }
    throw new ApiError(res.status, 'HTTP_ERROR', `the server answered ${res.status}`);
  }
  return schema.parse(data);
}
