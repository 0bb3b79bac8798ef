import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rawFetchAt } from './helpers/api';

// @ts-expect-error plain ESM script without types
import * as lib from '../scripts/lib.mjs';

const root = path.resolve(__dirname, '..');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const started: any[] = [];
afterAll(async () => {
  for (const c of started) await lib.stopProcess(c);
});

/** Starts `next start` with env and waits for it to exit; resolves with its code and output. */
function startExpectingExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['next', 'start', '-H', '127.0.0.1', '-p', '0'], {
      cwd: root,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('start-up configuration', () => {
  it('a malformed clusters file stops start-up with a message naming the setting and the problem', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'riffle-')), 'clusters.yaml');
    fs.writeFileSync(file, 'clusters:\n  - id: prod\n    brokers: not-a-host-port\n');
    const { code, output } = await startExpectingExit({ RIFFLE_CLUSTERS: file });
    expect(code).toBe(1);
    expect(output).toContain(`[riffle] configuration error: RIFFLE_CLUSTERS (${file}: clusters.0.brokers.0): expected host:port`);
  });

  it('a malformed environment variable stops start-up naming it', async () => {
    const { code, output } = await startExpectingExit({ RIFFLE_CLUSTERS: '', KAFKA_BROKERS: 'localhost' });
    expect(code).toBe(1);
    expect(output).toContain('[riffle] configuration error: KAFKA_BROKERS: expected host:port');
  });
});

describe('a console whose cluster is down from the start', () => {
  it('starts anyway and answers 503 with the address and reason, never a 500', async () => {
    const port = await lib.freePort();
    const dead = `127.0.0.1:${await lib.freePort()}`; // nothing listens there
    started.push(await lib.startServer({ port, env: { ...lib.testServerEnv(), RIFFLE_CLUSTERS: '', KAFKA_BROKERS: dead }, logFile: '/tmp/riffle-dead-cluster.log' }));
    const base = `http://127.0.0.1:${port}`;
    const res = await rawFetchAt(base, '/api/clusters/local');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('KAFKA_UNAVAILABLE');
    expect(body.error.message).toContain(dead);
    const health = (await (await rawFetchAt(base, '/api/health')).json()) as { status: string; clusters: { reachable: boolean; error: string }[] };
    expect(health.status).toBe('degraded');
    expect(health.clusters[0]!.reachable).toBe(false);
    expect(health.clusters[0]!.error).toMatch(/ECONNREFUSED/);
    // The page itself renders (the banner comes from the health poll in the browser).
    expect((await rawFetchAt(base, '/clusters/local')).status).toBe(200);
  });
});
