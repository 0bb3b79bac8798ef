import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Admin } from '@platformatic/kafka';

/**
 * Registry instances for the tests: real processes (registry/main.ts, as `npm run registry:up`
 * starts it) against the cluster the suite uses, each test file on a store topic and election
 * group of its own so files never see each other's schemas.
 */

const root = path.resolve(__dirname, '../..');
export const BROKERS = process.env.KAFKA_BROKERS ?? `127.0.0.1:${9092 + Number(process.env.KAFKA_PORT_OFFSET ?? 0)}`;
export const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export interface RegistryStore {
  topic: string;
  group: string;
}

export function newStore(name: string): RegistryStore {
  const tag = `${name}-${crypto.randomBytes(4).toString('hex')}`;
  return { topic: `_schemas_test_${tag}`, group: `riffle-schema-registry-test-${tag}` };
}

/**
 * The store of the registry the console's own tests talk to (test/messages/schemas.test.ts,
 * e2e/schemas.spec.ts), at the URL the test clusters file names. Never dropped: a console caches
 * a schema by id for its lifetime, so a fresh store reusing ids under the same URL would be
 * decoded with the old schemas.
 */
export const CONSOLE_TEST_STORE: RegistryStore = { topic: '_schemas_riffle_console_tests', group: 'riffle-schema-registry-console-tests' };

export interface RegistryInstance {
  url: string;
  port: number;
  child: ChildProcess;
  log: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function startRegistry(store: RegistryStore, port?: number): Promise<RegistryInstance> {
  const p = port ?? (await freePort());
  const logFile = path.join(root, '.data', 'registry-tests', `${store.topic}-${p}.log`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', 'registry/main.ts'], {
    cwd: root,
    stdio: ['ignore', out, out],
    env: { ...process.env, REGISTRY_PORT: String(p), KAFKA_BROKERS: BROKERS, REGISTRY_TOPIC: store.topic, REGISTRY_GROUP: store.group },
  });
  fs.closeSync(out);
  const log = () => fs.readFileSync(logFile, 'utf8');
  const url = `http://127.0.0.1:${p}`;
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 90_000;
  while (!log().includes(`listening at ${url}`)) {
    if (exited) throw new Error(`the registry exited during start-up:\n${log()}`);
    if (Date.now() > deadline) throw new Error(`the registry did not start within 90 s:\n${log()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (exited) return;
    const done = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await Promise.race([done, new Promise((r) => setTimeout(r, 15_000))]);
    if (!exited) child.kill('SIGKILL');
  };
  return { url, port: p, child, log, stop };
}

/** Removes a test store's topics (the store and the leader announcements). */
export async function dropStore(store: RegistryStore): Promise<void> {
  const admin = new Admin({ clientId: 'riffle-registry-tests', bootstrapBrokers: [BROKERS] });
  try {
    const topics = (await admin.listTopics({ includeInternals: true })).filter((t) => t === store.topic || t === `${store.topic}_leader`);
    if (topics.length) await admin.deleteTopics({ topics });
    await admin.deleteGroups({ groups: [store.group] }).catch(() => {});
  } finally {
    await admin.close();
  }
}

export interface Answer<T = unknown> {
  status: number;
  contentType: string;
  body: T;
  text: string;
}

/** One request to the registry; the body is sent as JSON unless it is a string. */
export async function call<T = unknown>(base: string, method: string, pathAndQuery: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
  const res = await fetch(`${base}${pathAndQuery}`, {
    method,
    headers: { 'content-type': CONTENT_TYPE, accept: CONTENT_TYPE, ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // a raw schema (…/schema endpoints) is text
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: parsed as T, text };
}
