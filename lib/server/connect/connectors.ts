import 'server-only';
import {
  CONNECTOR_CLASS,
  connectorState,
  type AlterOffsetsInput,
  type ConnectorAction,
  type ConnectorConfig,
  type ConnectorDetail,
  type ConnectorList,
  type ConnectorOffsets,
  type ConnectorState,
  type ConnectorSummary,
  type RestartInput,
  type TaskStatus,
} from '@/lib/contracts/connect';
import type { ConnectConfig } from '../config';
import { Conflict, NotFound } from '../errors';
import { connectConfig } from './connect-clusters';
import { connectRequest } from './connect-http';
import { assertValid, maskConfig, secretKeysOf, secretValues, validateConfig, withKeptSecrets } from './connector-config';

/** Connectors of one Connect cluster: list, read (secrets masked), create, change, act on, offsets. */

interface RawState {
  state: string;
  worker_id?: string;
  trace?: string;
}
interface RawStatus {
  name: string;
  connector: RawState;
  tasks: (RawState & { id: number })[];
  type: string;
}
interface RawInfo {
  name: string;
  config: ConnectorConfig;
  tasks: { connector: string; task: number }[];
  type: string;
}

const path = (name: string, rest = '') => `/connectors/${encodeURIComponent(name)}${rest}`;

function stateOf(raw: string | undefined): ConnectorState {
  const parsed = connectorState.safeParse(raw);
  return parsed.success ? parsed.data : 'UNKNOWN';
}

function tasksOf(status: RawStatus | undefined): TaskStatus[] {
  return (status?.tasks ?? [])
    .map((t) => ({ id: t.id, state: stateOf(t.state), workerId: t.worker_id ?? null, trace: t.trace ?? null }))
    .sort((a, b) => a.id - b.id);
}

async function topicsOf(conn: ConnectConfig, name: string): Promise<string[] | null> {
  try {
    const { body } = await connectRequest<Record<string, { topics: string[] }>>(conn, { path: path(name, '/topics') });
    return [...(body[name]?.topics ?? [])].sort();
  } catch {
    return null; // topic tracking off (topic.tracking.allow.reset / enable) or the connector just went
  }
}

/** Runs fn over items, at most `limit` at a time. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

export async function listConnectors(cluster: string, connect: string): Promise<ConnectorList> {
  const conn = connectConfig(cluster, connect);
  const started = performance.now();
  const { body } = await connectRequest<Record<string, { status?: RawStatus; info?: RawInfo }>>(conn, { path: '/connectors?expand=status&expand=info' });
  const names = Object.keys(body).sort();
  const topics = await mapLimited(names, 8, (n) => topicsOf(conn, n));
  const connectors: ConnectorSummary[] = names.map((name, i) => {
    const { status, info } = body[name]!;
    const tasks = tasksOf(status).map(({ trace: _trace, ...t }) => t);
    return {
      name,
      type: status?.type ?? info?.type ?? 'unknown',
      className: info?.config[CONNECTOR_CLASS] ?? null,
      state: stateOf(status?.connector.state),
      workerId: status?.connector.worker_id ?? null,
      tasks,
      failedTasks: tasks.filter((t) => t.state === 'FAILED').length,
      topics: topics[i]!,
    };
  });
  return { connect, connectors, fetchedAt: new Date().toISOString(), latencyMs: Math.round(performance.now() - started) };
}

async function rawConfig(conn: ConnectConfig, name: string): Promise<RawInfo> {
  try {
    return (await connectRequest<RawInfo>(conn, { path: path(name) })).body;
  } catch (err) {
    if (err instanceof NotFound) throw new NotFound(`connector "${name}" does not exist on Kafka Connect "${conn.name}"`, 'connector');
    throw err;
  }
}

export async function getOffsets(conn: ConnectConfig, name: string): Promise<ConnectorOffsets> {
  try {
    const { body } = await connectRequest<{ offsets: ConnectorOffsets['offsets'] }>(conn, { path: path(name, '/offsets') });
    return { offsets: body.offsets ?? [], error: null };
  } catch (err) {
    return { offsets: null, error: (err as Error).message };
  }
}

export async function getConnector(cluster: string, connect: string, name: string): Promise<ConnectorDetail> {
  const conn = connectConfig(cluster, connect);
  const info = await rawConfig(conn, name);
  const [status, topics, offsets, secrets] = await Promise.all([
    connectRequest<RawStatus>(conn, { path: path(name, '/status') }).then(
      (r) => r.body,
      () => undefined, // just created: no status yet
    ),
    topicsOf(conn, name),
    getOffsets(conn, name),
    secretKeysOf(conn, info.config),
  ]);
  return {
    name: info.name,
    type: status?.type ?? info.type,
    className: info.config[CONNECTOR_CLASS] ?? null,
    config: maskConfig(info.config, secrets),
    secretKeys: [...secrets].sort(),
    connector: { state: stateOf(status?.connector.state), workerId: status?.connector.worker_id ?? null, trace: status?.connector.trace ?? null },
    tasks: tasksOf(status),
    topics,
    offsets,
  };
}

async function exists(conn: ConnectConfig, name: string): Promise<boolean> {
  try {
    await connectRequest(conn, { path: path(name) });
    return true;
  } catch (err) {
    if (err instanceof NotFound) return false;
    throw err;
  }
}

/** Creates a connector after the worker validated its config; an invalid one is refused (422) and nothing is created. */
export async function createConnector(cluster: string, connect: string, name: string, input: ConnectorConfig, initialState?: 'RUNNING' | 'PAUSED' | 'STOPPED'): Promise<ConnectorDetail> {
  const conn = connectConfig(cluster, connect);
  if (await exists(conn, name)) throw new Conflict(`connector "${name}" already exists on Kafka Connect "${connect}"`, 'name', 'CONNECTOR_EXISTS');
  const config = { ...input, name };
  const secrets = await secretKeysOf(conn, config);
  await assertValid(conn, config, secrets);
  const body = { name, config, ...(initialState ? { initial_state: initialState } : {}) };
  await connectRequest(conn, { method: 'POST', path: '/connectors', body, secrets: secretValues(config, secrets) });
  return getConnector(cluster, connect, name);
}

/** Replaces a connector's config; secrets left out keep their values. */
export async function updateConnector(cluster: string, connect: string, name: string, next: ConnectorConfig): Promise<ConnectorDetail> {
  const conn = connectConfig(cluster, connect);
  const current = (await rawConfig(conn, name)).config;
  const secrets = new Set([...(await secretKeysOf(conn, current)), ...(await secretKeysOf(conn, next))]);
  // The name is the connector's, whatever the body says (Connect refuses a different one).
  const config = { ...withKeptSecrets(next, current, secrets), name };
  await assertValid(conn, config, secrets);
  await connectRequest(conn, { method: 'PUT', path: path(name, '/config'), body: config, secrets: secretValues(config, secrets) });
  return getConnector(cluster, connect, name);
}

/** Validation for the form; when editing `existing`, the secrets the browser never had are filled in first. */
export async function validateForForm(cluster: string, connect: string, config: ConnectorConfig, existing?: string) {
  const conn = connectConfig(cluster, connect);
  if (!existing) return validateConfig(conn, config);
  const current = (await rawConfig(conn, existing)).config;
  const secrets = new Set([...(await secretKeysOf(conn, current)), ...(await secretKeysOf(conn, config))]);
  return validateConfig(conn, withKeptSecrets(config, current, secrets), secrets);
}

export async function deleteConnector(cluster: string, connect: string, name: string): Promise<{ deleted: string }> {
  const conn = connectConfig(cluster, connect);
  await rawConfig(conn, name); // 404 naming the connector
  await connectRequest(conn, { method: 'DELETE', path: path(name) });
  return { deleted: name };
}

export async function connectorAction(cluster: string, connect: string, name: string, action: ConnectorAction, restart: RestartInput = {}): Promise<{ action: string; connector: string }> {
  const conn = connectConfig(cluster, connect);
  await rawConfig(conn, name);
  if (action === 'restart') {
    if (restart.task !== undefined) {
      await connectRequest(conn, { method: 'POST', path: path(name, `/tasks/${restart.task}/restart`) });
      return { action: `restart task ${restart.task}`, connector: name };
    }
    const q = new URLSearchParams({ includeTasks: String(Boolean(restart.includeTasks)), onlyFailed: String(Boolean(restart.onlyFailed)) });
    await connectRequest(conn, { method: 'POST', path: path(name, `/restart?${q}`) });
    return { action: `restart${restart.includeTasks ? ' with tasks' : ''}${restart.onlyFailed ? ' (only failed)' : ''}`, connector: name };
  }
  await connectRequest(conn, { method: 'PUT', path: path(name, `/${action}`) });
  return { action, connector: name };
}

async function assertStopped(conn: ConnectConfig, name: string): Promise<void> {
  const { body } = await connectRequest<RawStatus>(conn, { path: path(name, '/status') });
  const state = stateOf(body.connector.state);
  if (state !== 'STOPPED') throw new Conflict(`connector "${name}" is ${state}: stop it before changing its offsets (KIP-875)`, 'connector', 'CONNECTOR_NOT_STOPPED');
}

export async function offsetsOf(cluster: string, connect: string, name: string): Promise<ConnectorOffsets> {
  const conn = connectConfig(cluster, connect);
  await rawConfig(conn, name);
  return getOffsets(conn, name);
}

/** KIP-875: PATCH the offsets of a stopped connector (a null offset resets that partition). */
export async function alterOffsets(cluster: string, connect: string, name: string, input: AlterOffsetsInput): Promise<{ message: string }> {
  const conn = connectConfig(cluster, connect);
  await rawConfig(conn, name);
  await assertStopped(conn, name);
  const { body } = await connectRequest<{ message?: string }>(conn, { method: 'PATCH', path: path(name, '/offsets'), body: input });
  return { message: body?.message ?? 'offsets altered' };
}

/** KIP-875: DELETE every offset of a stopped connector. */
export async function resetOffsets(cluster: string, connect: string, name: string): Promise<{ message: string }> {
  const conn = connectConfig(cluster, connect);
  await rawConfig(conn, name);
  await assertStopped(conn, name);
  const { body } = await connectRequest<{ message?: string }>(conn, { method: 'DELETE', path: path(name, '/offsets') });
  return { message: body?.message ?? 'offsets reset' };
}
