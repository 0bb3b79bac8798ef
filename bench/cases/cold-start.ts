import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BenchCase } from '../harness';

const root = path.resolve(__dirname, '../..');

async function untilOk(url: string, deadline: number, headers: Record<string, string> = {}): Promise<void> {
  for (;;) {
    try {
      const res = await fetch(url, { headers, redirect: 'manual' });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * `npm run demo` on a warm cache (dependencies installed, jars fetched, build current) to the
 * first served overview, i.e. the page's HTML and its API both answering. The cluster is
 * already running here (the bench started or found it), so this measures the console's own
 * start-up; the broker's start time is reported separately by the cluster script.
 */
const benchCase: BenchCase = {
  name: 'cold-start',
  description: '`npm run demo` (warm cache, cluster running) to the first served overview',
  target: '< 10 s',
  async run(ctx) {
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const port = 3900 + i;
      const started = performance.now();
      const child = spawn('node', ['scripts/demo.mjs'], { cwd: root, env: { ...process.env, PORT: String(port), RIFFLE_CLUSTERS: '' }, stdio: 'ignore', detached: true });
      try {
        const deadline = Date.now() + 120_000;
        // The demo signs in with the admin token it creates (.data/admin-token) on first start.
        await untilOk(`http://127.0.0.1:${port}/api/health`, deadline);
        const token = fs.readFileSync(path.join(root, '.data', 'admin-token'), 'utf8').trim();
        await untilOk(`http://127.0.0.1:${port}/api/clusters/local`, deadline, { authorization: `Bearer ${token}` });
        await untilOk(`http://127.0.0.1:${port}/clusters/local`, deadline, { authorization: `Bearer ${token}` });
        samples.push(performance.now() - started);
      } finally {
        if (child.exitCode === null) {
          const exited = new Promise((r) => child.once('exit', r));
          process.kill(-child.pid!, 'SIGINT');
          await exited;
        }
      }
      ctx.log(`run ${i + 1}: ${(samples.at(-1)! / 1000).toFixed(2)} s`);
    }
    return {
      metrics: [{ name: 'demo start to first overview', unit: 'ms', samples, better: 'lower' }],
      notes: ['the local cluster was already running; `npm run kafka:up` from stopped adds the broker start (≈5 s for one node here)'],
    };
  },
};
export default benchCase;
