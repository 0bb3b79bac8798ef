import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/api';
import { TestAdmin } from '../helpers/kafka-admin';
import { BOOTSTRAP, kcat } from '../helpers/kcat';

// A console with nobody configured, started fresh: it makes its own admin token, as Jupyter does.
// @ts-expect-error plain ESM script without types
const lib = await import('../../scripts/lib.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't7-first-start-'));
let child: unknown;
// This console also writes its audit log to a Kafka topic, read back with kcat.
const auditTopic = `t7-audit-${Date.now()}`;
const admin = new TestAdmin('t7-test', BOOTSTRAP);
beforeAll(async () => {
  await admin.createTopics([{ topic: auditTopic, numPartitions: 1, replicationFactor: 1 }]);
});
afterAll(async () => {
  await lib.stopProcess(child);
  await admin.deleteTopics([auditTopic]).catch(() => {});
  await admin.close();
});

describe('first start', () => {
  it('creates an admin token (mode 0600), says where it is without logging it, and the token signs in', async () => {
    const port = await lib.freePort();
    const logFile = path.join(dir, 'server.log');
    child = await lib.startServer({
      port,
      env: { RIFFLE_CLUSTERS: path.join(lib.root, 'test/fixtures/clusters.yaml'), RIFFLE_AUTH_FILE: '', RIFFLE_DATA_DIR: dir, RIFFLE_SESSION_SECRET: '', RIFFLE_AUDIT_TOPIC: auditTopic },
      logFile,
    });
    const base = `http://127.0.0.1:${port}`;
    const tokenFile = path.join(dir, 'admin-token');
    const token = fs.readFileSync(tokenFile, 'utf8').trim();
    expect(token).toMatch(/^rfl_[\w-]{32}$/);
    expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'session-secret')).mode & 0o777).toBe(0o600);
    const log = fs.readFileSync(logFile, 'utf8');
    expect(log).toContain(`sign in as admin at ${base}/login with the token in ${tokenFile}`);
    expect(log).not.toContain(token);

    expect((await fetch(`${base}/api/clusters`)).status).toBe(401);
    expect((await fetch(`${base}/api/clusters`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    expect(await login.json()).toMatchObject({ principal: { name: 'admin', role: 'admin' } });

    const entry = await waitFor(
      async () => {
        const out = await kcat(['-C', '-t', auditTopic, '-o', 'beginning', '-e', '-q', '-f', '%k\\t%s\\n']);
        return out
          .split('\n')
          .filter(Boolean)
          .map((line) => ({ key: line.split('\t')[0], value: JSON.parse(line.split('\t')[1]!) }))
          .find((m) => m.value.action === 'auth.sign-in');
      },
      { what: `the sign-in in Kafka topic ${auditTopic}` },
    );
    expect(entry).toMatchObject({ key: 'admin', value: { actor: 'admin', role: 'admin', via: 'session', target: 'token', status: 200, outcome: 'ok' } });
    expect(JSON.stringify(entry)).not.toContain(token);
  });
});
