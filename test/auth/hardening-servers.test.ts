import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '@/lib/server/db/db';
import { TEST_USERS, waitFor } from '../helpers/api';
import { createTestTopics, testAdmin, type TestAdmin } from '../helpers/kafka-admin';

/**
 * Issue 24, findings that need a console configured for them: trusted proxies, audited reads,
 * per-topic rules on the weather topics, a small produce budget, a user hashed at a higher
 * bcrypt cost, and a first-start admin whose sessions must end once users are configured.
 * Requests leave from chosen loopback addresses (127.0.0.2, .3, .4: all of 127/8 is loopback on
 * Linux), so the server sees several real peers.
 */
// @ts-expect-error plain ESM script without types
const lib = await import('../../scripts/lib.mjs');
const run = crypto.randomUUID().slice(0, 8);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't24-servers-'));
const PROXY = '127.0.0.4';
const SLOW_USER = { name: `t24-slow-${run}`, password: 'riffle-t24-slow-password' };

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: unknown;
}

/** One HTTP request from a given local (source) address; `stream` resolves at the headers and aborts. */
function request(base: string, from: string, method: string, p: string, opts: { headers?: Record<string, string>; body?: unknown; stream?: boolean } = {}): Promise<Reply> {
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${p}`,
      { method, localAddress: from, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...opts.headers } },
      (res) => {
        if (opts.stream && res.statusCode === 200) {
          // read a little, so the route has opened its stream, then hang up
          res.once('data', () => {
            req.destroy();
            resolve({ status: 200, headers: res.headers, text: '', body: null });
          });
          return;
        }
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode!, headers: res.headers, text, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const bearer = (role: keyof typeof TEST_USERS) => ({ authorization: `Bearer ${TEST_USERS[role].token}` });
const fixtureTokens = fs.readFileSync(path.join(lib.root, 'test/fixtures/auth.yaml'), 'utf8').split('\n').filter((l: string) => l.includes('sha256:'));

let child: unknown;
let base = '';
let db: DbHandle;
let admin: TestAdmin;
const topic = `t24-srv-${run}`;
const retentionPath = `/api/t24-retention-${run}`;

beforeAll(async () => {
  admin = await testAdmin();
  await createTestTopics(admin, [{ topic, numPartitions: 1, configs: { 'retention.ms': '60000' } }]);
  const authFile = path.join(dir, 'auth.yaml');
  fs.writeFileSync(
    authFile,
    [
      'users:',
      `  - { name: ${SLOW_USER.name}, role: viewer, passwordHash: "${bcrypt.hashSync(SLOW_USER.password, 12)}" }`,
      'tokens:',
      ...fixtureTokens,
      'topicAccess:',
      '  - { topics: "weather.*", roles: [admin] }',
      '',
    ].join('\n'),
  );
  db = await openDatabase({ url: process.env.DATABASE_URL });
  // Old entries, there before the server starts: a refused anonymous one (to be deleted by
  // retention, which runs with the first refused anonymous request) and a signed-in one (kept).
  const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
  const row = { at: old, role: null, method: 'POST', path: retentionPath, cluster: null, target: null, status: 401, outcome: 'denied', detail: null, ip: '127.0.0.2', action: 'POST /api/x' };
  await db.db.insertInto('riffle_audit').values([{ ...row, actor: 'anonymous', via: 'none' }, { ...row, actor: 'ana', via: 'session' }]).execute();
  const port = await lib.freePort();
  child = await lib.startServer({
    port,
    env: {
      ...lib.testServerEnv(),
      RIFFLE_AUTH_FILE: authFile,
      RIFFLE_DATA_DIR: dir,
      RIFFLE_TRUSTED_PROXIES: PROXY,
      RIFFLE_AUDIT_READS: '1',
      RIFFLE_PRODUCE_BYTES_PER_MINUTE: '1000000',
      RIFFLE_AUDIT_ANONYMOUS_PER_MINUTE: '30',
    },
    logFile: path.join(dir, 'server.log'),
  });
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await lib.stopProcess(child);
  await db?.close();
  await admin.deleteTopics([topic]).catch(() => {});
  await admin.close();
});

const auditRows = (p: string) => db.db.selectFrom('riffle_audit').select(['ip', 'actor', 'path', 'status', 'at']).where('path', '=', p).execute();

describe('sign-in limits key on the real peer address', () => {
  it('11 bad tokens from one address lock that address only, whatever X-Forwarded-For it sends', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      // A different forged X-Forwarded-For each time: it must not open a fresh bucket.
      const r = await request(base, '127.0.0.2', 'POST', '/api/auth/login', { body: { token: `rfl_wrong_${i}` }, headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    // Someone else, from another address, still signs in with a good token.
    const other = await request(base, '127.0.0.3', 'POST', '/api/auth/login', { body: { token: TEST_USERS.viewer.token } });
    expect(other.status).toBe(200);
  });

  it('behind a trusted proxy the forwarded client address is the key, and is what the audit log stores', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await request(base, PROXY, 'POST', '/api/auth/login', { body: { token: `rfl_wrong_p${i}` }, headers: { 'x-forwarded-for': '192.0.2.10' } });
      statuses.push(r.status);
    }
    expect(statuses[10]).toBe(429);
    // Another client behind the same proxy is not locked out.
    const other = await request(base, PROXY, 'POST', '/api/auth/login', { body: { token: TEST_USERS.viewer.token }, headers: { 'x-forwarded-for': '192.0.2.11' } });
    expect(other.status).toBe(200);
    const name = `t24-proxied-${run}`;
    const made = await request(base, PROXY, 'POST', '/api/auth/tokens', { body: { name, role: 'viewer' }, headers: { ...bearer('admin'), 'x-forwarded-for': '203.0.113.9, 192.0.2.12' } });
    expect(made.status).toBe(201);
    const row = await waitFor(() => db.db.selectFrom('riffle_audit').select(['ip']).where('target', '=', name).executeTakeFirst(), { what: 'the audit row' });
    // the right-most address the trusted proxy added, not what the client claimed before it
    expect(row.ip).toBe('192.0.2.12');
  });

  it('from an untrusted peer the forwarded header is ignored by the audit log', async () => {
    const name = `t24-direct-${run}`;
    const made = await request(base, '127.0.0.2', 'POST', '/api/auth/tokens', { body: { name, role: 'viewer' }, headers: { ...bearer('admin'), 'x-forwarded-for': '192.0.2.99' } });
    expect(made.status).toBe(201);
    const row = await waitFor(() => db.db.selectFrom('riffle_audit').select(['ip']).where('target', '=', name).executeTakeFirst(), { what: 'the audit row' });
    expect(row.ip).toBe('127.0.0.2');
  });
});

describe('a wrong user name costs as long as a wrong password', () => {
  it('with cost-12 hashes, unknown names answer no faster than known ones', async () => {
    const time = async (username: string) => {
      const t = performance.now();
      const r = await request(base, '127.0.0.3', 'POST', '/api/auth/login', { body: { username, password: 'not-the-password' } });
      expect(r.status).toBe(401);
      return performance.now() - t;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time(SLOW_USER.name));
      unknown.push(await time(`t24-nobody-${run}-${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // Cost 12 is 4× the work of cost 10; equal costs give a ratio near 1.
    expect(median(unknown) / median(known)).toBeGreaterThan(0.6);
  });
});

describe('RIFFLE_AUDIT_READS audits every read path', () => {
  it('the multi-topic live route and the multiplexed stream are audited', async () => {
    const live = `/api/clusters/local/live`;
    const r1 = await request(base, '127.0.0.3', 'GET', `${live}?topic=${topic}&from=latest`, { headers: bearer('viewer'), stream: true });
    expect(r1.status).toBe(200);
    const streams = `/api/clusters/local/streams`;
    const s = JSON.stringify([{ key: 'a', kind: 'live', query: { topic, from: 'latest' } }]);
    const r2 = await request(base, '127.0.0.3', 'GET', `${streams}?s=${encodeURIComponent(s)}`, { headers: bearer('viewer'), stream: true });
    expect(r2.status).toBe(200);
    for (const p of [live, streams]) {
      const rows = await waitFor(async () => {
        const all = await db.db.selectFrom('riffle_audit').select(['actor', 'target', 'path']).where('path', '=', p).where('actor', '=', 'token:test-viewer').execute();
        return all.find((r) => r.target?.includes(topic));
      }, { what: `an audit row for ${p}` });
      expect(rows.target).toContain(topic);
    }
  });
});

describe('weather and pipeline data follow the per-topic read rules', () => {
  it('a viewer barred from weather.* gets 403 from the weather and pipeline APIs; an admin does not', async () => {
    for (const p of ['/api/weather/stations', '/api/weather/summary?station=x&bucket=day', '/api/pipeline?cluster=local']) {
      const viewer = await request(base, '127.0.0.3', 'GET', p, { headers: bearer('viewer') });
      expect(viewer.status, p).toBe(403);
      expect(viewer.body).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringContaining('weather') } });
      const adm = await request(base, '127.0.0.3', 'GET', p, { headers: bearer('admin') });
      expect(adm.status, p).not.toBe(403);
    }
  });
});

describe('produce has a byte budget per user per minute', () => {
  it('RIFFLE_PRODUCE_BYTES_PER_MINUTE=1000000: the third 400 kB request in a minute is a 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await request(base, '127.0.0.3', 'POST', `/api/clusters/local/topics/${topic}/messages`, { body: { value: 'x'.repeat(40_000), copies: 10 }, headers: bearer('operator') });
      statuses.push(r.status);
      if (r.status === 429) expect(r.body).toMatchObject({ error: { code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/bytes/) } });
    }
    expect(statuses).toEqual([201, 201, 429]);
  });
});

describe('refused anonymous requests cannot flood the audit log', () => {
  it('200 refused anonymous changes from one address write a bounded number of rows', async () => {
    const p = `/api/clusters/t24-flood-${run}/topics`;
    for (let i = 0; i < 200; i++) {
      const r = await request(base, '127.0.0.2', 'POST', p, { body: { name: 'x' } });
      expect(r.status).toBe(401);
    }
    const rows = await auditRows(p);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(61);
  });

  it('old refused anonymous rows are deleted (retention), signed-in ones kept', async () => {
    // Retention runs as refused anonymous requests are recorded (at most once a minute); this
    // server has had some since the two old rows were written before it started.
    await request(base, '127.0.0.3', 'POST', `/api/clusters/t24-trigger-${run}/topics`, { body: {} });
    await waitFor(async () => (await auditRows(retentionPath)).length === 1, { timeoutMs: 10_000, what: 'the old anonymous row to be deleted' });
    expect((await auditRows(retentionPath))[0]!.actor).toBe('ana');
  });
});

describe('data files are private', () => {
  it('the SQLite database (and its WAL files) are mode 0600', async () => {
    if (process.env.DATABASE_URL) return expect(process.env.DATABASE_URL).toMatch(/^postgres/); // PostgreSQL: no file
    const file = path.join(lib.root, '.data', 'riffle.db');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      if (!fs.existsSync(f)) continue;
      expect((fs.statSync(f).mode & 0o777).toString(8), f).toBe('600');
    }
    expect(fs.existsSync(file)).toBe(true);
  });
});

describe('first-start admin sessions end when users are configured', () => {
  it('a session opened with the first-start token is refused once the console has users', async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 't24-bootstrap-'));
    const env = { ...lib.testServerEnv(), RIFFLE_AUTH_FILE: '', RIFFLE_DATA_DIR: data, RIFFLE_SESSION_SECRET: '' };
    const port = await lib.freePort();
    let first = await lib.startServer({ port, env, logFile: path.join(data, 'first.log') });
    let cookie: string;
    try {
      const token = fs.readFileSync(path.join(data, 'admin-token'), 'utf8').trim();
      const login = await request(`http://127.0.0.1:${port}`, '127.0.0.1', 'POST', '/api/auth/login', { body: { token } });
      expect(login.status).toBe(200);
      cookie = String(login.headers['set-cookie']).split(';')[0]!;
      expect((await request(`http://127.0.0.1:${port}`, '127.0.0.1', 'GET', '/api/auth/me', { headers: { cookie } })).body).toMatchObject({ principal: { name: 'admin', role: 'admin' } });
    } finally {
      await lib.stopProcess(first);
    }
    // Same data directory (so the same session key), now with users configured.
    first = await lib.startServer({ port, env: { ...env, RIFFLE_AUTH_FILE: path.join(lib.root, 'test/fixtures/auth.yaml') }, logFile: path.join(data, 'second.log') });
    try {
      const res = await request(`http://127.0.0.1:${port}`, '127.0.0.1', 'GET', '/api/clusters', { headers: { cookie } });
      expect(res.status).toBe(401);
    } finally {
      await lib.stopProcess(first);
    }
  });
});
