import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configValidation, connectClusterList, connectorDetail, connectorList, connectorPluginList } from '@/lib/contracts/connect';
import { api, waitFor } from '../helpers/api';
import { kcat } from '../helpers/kcat';
import { direct, ensureWorker, stopWorker, WORKER } from './worker';

// Kafka Connect through the console, against a real distributed worker (scripts/connect.mjs) and
// the real cluster. kcat and the worker's own REST API are the oracles.
const run = `t17-${Date.now().toString(36)}`;
const C = '/api/clusters/local/connect/local';
const connector = (n: string) => `${C}/connectors/${encodeURIComponent(n)}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), `riffle-${run}-`));
const N = 137;
const lines = Array.from({ length: N }, (_, i) => `reading ${i + 1}: station ${String(i % 7).padStart(3, '0')} ${(i * 0.37).toFixed(2)} °C`);
const sourceFile = path.join(dir, 'in.txt');
const topic = `${run}-lines`;
const source = `${run}-source`;
const sink = `${run}-sink`;
const SECRET = `riffle-pw-${run}-do-not-show`;
const FILE_SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
const FILE_SINK = 'org.apache.kafka.connect.file.FileStreamSinkConnector';

type ErrorBody = { error: { code: string; message: string; field?: string; fields?: Record<string, string[]> } };
type RawStatus = { connector: { state: string; worker_id: string; trace?: string }; tasks: { id: number; state: string; worker_id: string; trace?: string }[] };

let startedWorker = false;

async function kcatValues(t: string): Promise<string[]> {
  const out = await kcat(['-C', '-t', t, '-o', 'beginning', '-e', '-q', '-f', '%s\\n']);
  return out.split('\n').filter(Boolean);
}

async function directStatus(name: string) {
  return (await direct<RawStatus>('GET', `/connectors/${name}/status`)).body;
}

beforeAll(async () => {
  startedWorker = await ensureWorker();
  fs.writeFileSync(sourceFile, lines.map((l) => `${l}\n`).join(''));
  const res = await api('POST', '/api/clusters/local/topics', { name: topic, partitions: 1, replicationFactor: 1 });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}, 300_000);

afterAll(async () => {
  const { body } = await direct<string[]>('GET', '/connectors').catch(() => ({ body: [] as string[] }));
  for (const n of body ?? []) if (n.startsWith(run)) await direct('DELETE', `/connectors/${n}`).catch(() => {});
  await api('DELETE', `/api/clusters/local/topics/${topic}`).catch(() => {});
  fs.rmSync(dir, { recursive: true, force: true });
  if (startedWorker) await stopWorker();
}, 120_000);

describe('Connect clusters', () => {
  it('lists each Connect cluster with the version its worker reports, and says why one is unreachable', async () => {
    const res = await api('GET', '/api/clusters/local/connect');
    expect(res.status).toBe(200);
    const { clusters } = connectClusterList.parse(res.body);
    const root = (await direct<{ version: string; commit: string }>('GET', '/')).body;
    const local = clusters.find((c) => c.name === 'local')!;
    expect(local).toMatchObject({ url: WORKER, version: root.version, commit: root.commit, error: null });
    const down = clusters.find((c) => c.name === 'down')!;
    expect(down.version).toBeNull();
    expect(down.error).toMatch(/unreachable \(ECONNREFUSED/);
  });

  it("lists the worker's connector plugins as the worker does", async () => {
    const res = await api('GET', `${C}/plugins`, undefined, {}, 'viewer');
    expect(res.status).toBe(200);
    const { plugins } = connectorPluginList.parse(res.body);
    const raw = (await direct<{ class: string; type: string; version: string }[]>('GET', '/connector-plugins')).body;
    expect(plugins.map((p) => [p.className, p.type, p.version]).sort()).toEqual(raw.map((p) => [p.class, p.type, p.version]).sort());
    expect(plugins.map((p) => p.className)).toContain(FILE_SOURCE);
  });
});

describe('a source connector created through the console', () => {
  it(`moves exactly ${N} records, which kcat reads back in order`, async () => {
    const res = await api('POST', `${C}/connectors`, { name: source, config: { 'connector.class': FILE_SOURCE, file: sourceFile, topic, 'tasks.max': '1' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const values = await waitFor(
      async () => {
        const v = await kcatValues(topic);
        return v.length >= N && v;
      },
      { timeoutMs: 60_000, what: `${N} records in ${topic}` },
    );
    // JsonConverter without schemas writes each line as a JSON string.
    expect(values).toEqual(lines.map((l) => JSON.stringify(l)));
    await new Promise((r) => setTimeout(r, 2_000)); // and no more arrive
    expect((await kcatValues(topic)).length).toBe(N);
  });

  it("shows the status, topics and offsets that Connect's REST API reports", async () => {
    // FileStreamSourceTask counts its position in Java chars, not bytes ("°" is 2 bytes, 1 char).
    const size = lines.reduce((n, l) => n + l.length + 1, 0);
    expect(size).toBeLessThan(fs.statSync(sourceFile).size);
    // Offsets are flushed every second (offset.flush.interval.ms): wait for the last one.
    await waitFor(async () => {
      const { body } = await direct<{ offsets: { offset: { position: number } }[] }>('GET', `/connectors/${source}/offsets`);
      return body.offsets[0]?.offset.position === size;
    }, { what: 'the source offset to reach the end of the file' });
    const res = await api('GET', connector(source), undefined, {}, 'viewer');
    expect(res.status).toBe(200);
    const d = connectorDetail.parse(res.body);
    const status = await directStatus(source);
    expect(d.connector).toEqual({ state: status.connector.state, workerId: status.connector.worker_id, trace: null });
    expect(d.tasks.map((t) => [t.id, t.state, t.workerId])).toEqual(status.tasks.map((t) => [t.id, t.state, t.worker_id]));
    expect(d.connector.state).toBe('RUNNING');
    expect(d.offsets.offsets).toEqual((await direct<{ offsets: unknown[] }>('GET', `/connectors/${source}/offsets`)).body.offsets);
    expect(d.offsets.offsets).toEqual([{ partition: { filename: sourceFile }, offset: { position: size } }]);
    expect(d.topics).toEqual([topic]);
    expect(d.config).toMatchObject({ 'connector.class': FILE_SOURCE, file: sourceFile, topic });

    const list = connectorList.parse((await api('GET', `${C}/connectors`, undefined, {}, 'viewer')).body);
    const row = list.connectors.find((c) => c.name === source)!;
    expect(row).toMatchObject({ type: 'source', className: FILE_SOURCE, state: 'RUNNING', failedTasks: 0, topics: [topic] });
    expect(row.tasks).toEqual([{ id: 0, state: 'RUNNING', workerId: status.tasks[0]!.worker_id }]);
  });
});

describe('a failed task', () => {
  const outDir = path.join(dir, 'out');
  const outFile = path.join(outDir, 'lines.txt');

  it('shows FAILED with its trace, counted in the list', async () => {
    // The sink opens its file when its task starts: a missing folder fails the task.
    const res = await api('POST', `${C}/connectors`, { name: sink, config: { 'connector.class': FILE_SINK, file: outFile, topics: topic, 'tasks.max': '1' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const d = await waitFor(
      async () => {
        const r = await api('GET', connector(sink), undefined, {}, 'viewer');
        const body = connectorDetail.parse(r.body);
        return body.tasks[0]?.state === 'FAILED' && body;
      },
      { timeoutMs: 45_000, what: 'the sink task to fail' },
    );
    const status = await directStatus(sink);
    expect(status.tasks[0]!.state).toBe('FAILED');
    expect(d.tasks[0]!.trace).toBe(status.tasks[0]!.trace);
    expect(d.tasks[0]!.trace).toContain('NoSuchFileException');
    expect(d.tasks[0]!.trace).toContain(outFile);
    const list = connectorList.parse((await api('GET', `${C}/connectors`)).body);
    expect(list.connectors.find((c) => c.name === sink)).toMatchObject({ failedTasks: 1, state: status.connector.state });
  });

  it('comes back after a restart of only the failed tasks (KIP-745), as an operator, and writes every record', async () => {
    fs.mkdirSync(outDir);
    const viewer = await api('POST', `${connector(sink)}/restart`, { includeTasks: true, onlyFailed: true }, {}, 'viewer');
    expect(viewer.status).toBe(403);
    const res = await api('POST', `${connector(sink)}/restart`, { includeTasks: true, onlyFailed: true }, {}, 'operator');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await waitFor(async () => (await directStatus(sink)).tasks[0]?.state === 'RUNNING', { what: 'the sink task to run again' });
    const written = await waitFor(
      async () => {
        const text = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : '';
        const got = text.split('\n').filter(Boolean);
        return got.length >= N && got;
      },
      { timeoutMs: 45_000, what: `${N} lines in the sink's file` },
    );
    expect(written).toEqual(lines);
    const d = connectorDetail.parse((await api('GET', connector(sink))).body);
    expect(d.tasks.map((t) => [t.state, t.trace])).toEqual([['RUNNING', null]]);
  });
});

describe('an invalid config', () => {
  it("is refused with the worker's own per-field messages, and nothing is created", async () => {
    const name = `${run}-invalid`;
    const config = { 'connector.class': FILE_SOURCE, file: sourceFile, topic, 'batch.size': 'lots', 'tasks.max': '0' };
    const res = await api<ErrorBody>('POST', `${C}/connectors`, { name, config });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('CONNECTOR_CONFIG_INVALID');
    const oracle = (await direct<{ configs: { value: { name: string; errors: string[] } }[] }>('PUT', `/connector-plugins/${FILE_SOURCE}/config/validate`, { ...config, name })).body;
    const expected = Object.fromEntries(oracle.configs.filter((c) => c.value.errors.length).map((c) => [c.value.name, c.value.errors]));
    expect(Object.keys(expected).sort()).toEqual(['batch.size', 'tasks.max']);
    expect(res.body.error.fields).toEqual(expected);
    expect(res.body.error.field).toMatch(/^config\.(batch\.size|tasks\.max)$/);
    expect((await direct('GET', `/connectors/${name}`)).status).toBe(404);
  });

  it('the form check answers every field with its definition and the same errors', async () => {
    const config = { 'connector.class': FILE_SOURCE, name: `${run}-form`, 'batch.size': 'lots' };
    const res = await api('POST', `${C}/plugins/validate`, { config });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const v = configValidation.parse(res.body);
    expect(v.className).toBe(FILE_SOURCE);
    const batch = v.fields.find((f) => f.name === 'batch.size')!;
    expect(batch).toMatchObject({ type: 'INT', defaultValue: '2000', required: false });
    expect(batch.errors[0]).toMatch(/batch\.size/);
    expect(batch.documentation.length).toBeGreaterThan(10);
    expect(v.groups).toContain('Common');
    expect(v.fields.find((f) => f.name === 'connector.class')).toMatchObject({ required: true, group: 'Common' });
    const viewer = await api('POST', `${C}/plugins/validate`, { config }, {}, 'viewer');
    expect(viewer.status).toBe(403);
  });

  const bad: [string, unknown, number, string | undefined][] = [
    ['a name with a slash', { name: 'a/b', config: { 'connector.class': FILE_SOURCE } }, 400, 'name'],
    ['no connector.class', { name: `${run}-x`, config: { topic } }, 400, 'config.connector.class'],
    ['a config that is not a map of strings', { name: `${run}-x`, config: { 'connector.class': FILE_SOURCE, file: { nested: 1 } } }, 400, 'config.file'],
    ['an unknown field', { name: `${run}-x`, config: { 'connector.class': FILE_SOURCE }, extra: 1 }, 400, undefined],
  ];
  for (const [what, body, status, field] of bad) {
    it(`refuses ${what} with ${status}${field ? ` naming ${field}` : ''}`, async () => {
      const res = await api<ErrorBody>('POST', `${C}/connectors`, body);
      expect(res.status).toBe(status);
      expect(res.body.error.message.length).toBeGreaterThan(0);
      if (field) expect(res.body.error.field).toBe(field);
    });
  }

  it('refuses an unknown plugin class with the worker’s reason', async () => {
    const res = await api<ErrorBody>('POST', `${C}/connectors`, { name: `${run}-nope`, config: { 'connector.class': 'com.example.NoSuchConnector' } });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('config.connector.class');
    expect(res.body.error.message).toContain('com.example.NoSuchConnector');
    expect(res.body.error.message).toContain(FILE_SOURCE);
    expect((await direct('GET', `/connectors/${run}-nope`)).status).toBe(404);
  });
});

describe('secrets', () => {
  const pg = `${run}-pg`;
  const config = {
    'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
    'database.hostname': '127.0.0.1',
    'database.port': '5432',
    'database.user': 'postgres',
    'database.password': SECRET,
    'database.dbname': 'postgres',
    'topic.prefix': `${run}-pg`,
    'plugin.name': 'pgoutput',
  };

  it('a PASSWORD field’s value is in no API response, for a viewer or anyone, nor in the audit log', async () => {
    // Stopped from the start (KIP-980): the worker validates the config (it connects to
    // PostgreSQL) but no task runs, so the shared database gets no replication slot.
    const created = await api('POST', `${C}/connectors`, { name: pg, config, initialState: 'STOPPED' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(SECRET);
    // The worker itself holds the real value: the masking is the console's.
    expect((await direct<Record<string, string>>('GET', `/connectors/${pg}/config`)).body['database.password']).toBe(SECRET);
    for (const as of ['viewer', 'operator', 'admin'] as const) {
      for (const p of [`${C}/connectors`, connector(pg), `${connector(pg)}/offsets`, '/api/clusters/local/connect', `${C}/plugins`]) {
        const res = await api('GET', p, undefined, {}, as);
        expect(res.status, `${as} GET ${p}`).toBe(200);
        expect(JSON.stringify(res.body), `${as} GET ${p}`).not.toContain(SECRET);
      }
    }
    const d = connectorDetail.parse((await api('GET', connector(pg), undefined, {}, 'viewer')).body);
    expect(d.secretKeys).toContain('database.password');
    expect(d.config['database.password']).toBeNull();
    expect(d.config['database.user']).toBe('postgres');
    // The form's check of the edited config (secret filled in server-side) doesn't echo it either.
    const checked = await api('POST', `${C}/plugins/validate`, { config: { ...config, 'database.password': undefined, name: pg }, existing: pg });
    expect(checked.status, JSON.stringify(checked.body)).toBe(200);
    expect(JSON.stringify(checked.body)).not.toContain(SECRET);
    const audit = await api('GET', '/api/clusters/local/audit?limit=200');
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain(pg);
    expect(JSON.stringify(audit.body)).not.toContain(SECRET);
  }, 180_000);

  it('an edit that leaves the password out keeps it; a viewer cannot edit', async () => {
    const next = { ...config, 'database.password': undefined, 'snapshot.mode': 'no_data' };
    delete next['database.password'];
    expect((await api('PUT', connector(pg), { config: next }, {}, 'viewer')).status).toBe(403);
    expect((await api('PUT', connector(pg), { config: next }, {}, 'operator')).status).toBe(403);
    const res = await api('PUT', connector(pg), { config: next });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    const stored = (await direct<Record<string, string>>('GET', `/connectors/${pg}/config`)).body;
    expect(stored['database.password']).toBe(SECRET);
    expect(stored['snapshot.mode']).toBe('no_data');
  });
});

describe('actions and offsets', () => {
  it('pause and resume (operator), and stop', async () => {
    for (const [action, state] of [
      ['pause', 'PAUSED'],
      ['resume', 'RUNNING'],
    ] as const) {
      const res = await api('POST', `${connector(source)}/${action}`, undefined, {}, 'operator');
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      await waitFor(async () => (await directStatus(source)).connector.state === state, { what: `${source} ${state}` });
    }
    expect((await api('POST', `${connector(source)}/pause`, undefined, {}, 'viewer')).status).toBe(403);
    expect((await api('POST', `${connector(source)}/explode`, undefined, {}, 'operator')).status).toBe(404);
  });

  it('refuses to alter the offsets of a running connector, alters and resets them once stopped (KIP-875)', async () => {
    const offsets = [{ partition: { filename: sourceFile }, offset: { position: 0 } }];
    const running = await api<ErrorBody>('PATCH', `${connector(source)}/offsets`, { offsets });
    expect(running.status).toBe(409);
    expect(running.body.error.message).toMatch(/RUNNING.*stop it/);
    expect((await api('PATCH', `${connector(source)}/offsets`, { offsets }, {}, 'operator')).status).toBe(403);
    const stop = await api('POST', `${connector(source)}/stop`, undefined, {}, 'operator');
    expect(stop.status).toBe(202);
    await waitFor(async () => (await directStatus(source)).connector.state === 'STOPPED', { what: `${source} STOPPED` });
    const altered = await api('PATCH', `${connector(source)}/offsets`, { offsets: [{ partition: { filename: sourceFile }, offset: { position: 10 } }] });
    expect(altered.status, JSON.stringify(altered.body)).toBe(200);
    expect((await direct<{ offsets: unknown[] }>('GET', `/connectors/${source}/offsets`)).body.offsets).toEqual([{ partition: { filename: sourceFile }, offset: { position: 10 } }]);
    const got = await api('GET', `${connector(source)}/offsets`, undefined, {}, 'viewer');
    expect(got.body).toEqual({ offsets: [{ partition: { filename: sourceFile }, offset: { position: 10 } }], error: null });
    expect((await api<ErrorBody>('PATCH', `${connector(source)}/offsets`, { offsets: [] })).body.error.field).toBe('offsets');
    const reset = await api('DELETE', `${connector(source)}/offsets`);
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect((await direct<{ offsets: unknown[] }>('GET', `/connectors/${source}/offsets`)).body.offsets).toEqual([]);
  });

  it('deletes a connector (admin only)', async () => {
    expect((await api('DELETE', connector(source), undefined, {}, 'operator')).status).toBe(403);
    const res = await api('DELETE', connector(source));
    expect(res.status).toBe(200);
    await waitFor(async () => (await direct('GET', `/connectors/${source}`)).status === 404, { what: `${source} to be gone` });
    expect((await api<ErrorBody>('GET', connector(source))).status).toBe(404);
  });
});

describe('when Connect is unreachable or slow', () => {
  it('answers 503 with the reason for a worker that is down, while Kafka routes keep working', async () => {
    const res = await api<ErrorBody>('GET', '/api/clusters/local/connect/down/connectors');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('CONNECT_UNAVAILABLE');
    expect(res.body.error.message).toMatch(/Kafka Connect "down" at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED/);
    expect((await api('GET', '/api/clusters/local/topics')).status).toBe(200);
    expect((await api('GET', '/api/clusters/local')).status).toBe(200);
  });

  it('gives up on a worker that accepts but never answers within its deadline', async () => {
    const port = 8088 + Number(process.env.KAFKA_PORT_OFFSET ?? 0);
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => sockets.push(s)); // holds every connection, says nothing
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    try {
      const started = Date.now();
      const res = await api<ErrorBody>('GET', '/api/clusters/local/connect/stuck/connectors');
      const took = Date.now() - started;
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(/"stuck" .* is unreachable \(no answer within 5 s\)/);
      expect(took).toBeGreaterThanOrEqual(4_500);
      expect(took).toBeLessThan(15_000);
      expect((await api('GET', '/api/clusters/local/topics')).status).toBe(200);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it('answers 404 naming an unknown Connect cluster or connector', async () => {
    const a = await api<ErrorBody>('GET', '/api/clusters/local/connect/nope/connectors');
    expect(a.status).toBe(404);
    expect(a.body.error.field).toBe('connect');
    const b = await api<ErrorBody>('GET', connector(`${run}-never`));
    expect(b.status).toBe(404);
    expect(b.body.error.message).toContain(`${run}-never`);
    const c = await api<ErrorBody>('GET', '/api/clusters/local/connect/Bad%20Name/connectors');
    expect(c.status).toBe(400);
    expect(c.body.error.field).toBe('connect');
  });
});
