import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

/** The test Connect worker's REST address: 8083, moved by KAFKA_PORT_OFFSET as scripts/connect.mjs does. */
export const WORKER = `http://127.0.0.1:${8083 + Number(process.env.KAFKA_PORT_OFFSET ?? 0)}`;

export async function workerUp(): Promise<boolean> {
  try {
    const res = await fetch(`${WORKER}/connector-plugins`, { signal: AbortSignal.timeout(2_000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Starts the worker unless one answers; resolves to whether this call started it (so the caller stops it). */
export async function ensureWorker(): Promise<boolean> {
  if (await workerUp()) return false;
  await run(process.execPath, ['scripts/connect.mjs', 'up'], { cwd: root, env: process.env, timeout: 280_000 });
  return true;
}

export async function stopWorker(): Promise<void> {
  await run(process.execPath, ['scripts/connect.mjs', 'down'], { cwd: root, env: process.env, timeout: 60_000 });
}

/** Connect's own REST API, read directly: the oracle for what the console shows. */
export async function direct<T = unknown>(method: string, p: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${WORKER}${p}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}
