import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A second console from the same build with authentication off, to check what that mode allows.
// @ts-expect-error plain ESM script without types
const lib = await import('../../scripts/lib.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't7-auth-off-'));
let child: unknown;
let base = '';

beforeAll(async () => {
  const port = await lib.freePort();
  child = await lib.startServer({
    port,
    env: { RIFFLE_CLUSTERS: path.join(lib.root, 'test/fixtures/clusters.yaml'), RIFFLE_AUTH: 'off', RIFFLE_AUTH_FILE: '', RIFFLE_DATA_DIR: dir },
    logFile: path.join(dir, 'server.log'),
  });
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await lib.stopProcess(child);
});

describe('authentication off (loopback only)', () => {
  it('serves loopback callers as an admin, and says so', async () => {
    const me = await (await fetch(`${base}/api/auth/me`)).json();
    expect(me).toEqual({ authEnabled: false, principal: { name: 'local', role: 'admin', via: 'anonymous-loopback' }, sso: null });
    expect((await fetch(`${base}/api/clusters`)).status).toBe(200);
    const page = await fetch(`${base}/clusters/local`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Authentication off');
    expect(fs.readFileSync(path.join(dir, 'server.log'), 'utf8')).toMatch(/authentication is OFF/);
  });

  it('refuses a non-loopback Host (DNS rebinding), and still blocks cross-site changes and read-only clusters', async () => {
    // fetch() can't set Host (a forbidden header), so this one uses node:http, as a rebinding browser would send it
    const status = await new Promise<number>((resolve, reject) => {
      const r = http.get(`${base}/api/clusters`, { headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      r.on('error', reject);
    });
    expect(status).toBe(403);
    expect((await fetch(`${base}/api/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: '{"name":"x","role":"viewer"}' })).status).toBe(403);
    expect((await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"token":"x"}' })).status).toBe(409);
  });

  it('will not start with authentication off on a non-loopback address', async () => {
    const port = await lib.freePort();
    const log = path.join(dir, 'refused.log');
    await expect(
      lib.startServer({ port, host: '0.0.0.0', env: { RIFFLE_CLUSTERS: path.join(lib.root, 'test/fixtures/clusters.yaml'), RIFFLE_AUTH: 'off', RIFFLE_DATA_DIR: dir }, logFile: log }),
    ).rejects.toThrow(/exited/);
    expect(fs.readFileSync(log, 'utf8')).toMatch(/configuration error: RIFFLE_AUTH: authentication can be turned off only when listening on loopback; HOST is 0\.0\.0\.0/);
  });
});
