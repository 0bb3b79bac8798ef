#!/usr/bin/env node
// `npm run bench [-- <case> ...]`: starts what the benchmarks need (the local cluster if none
// runs, a production build served on a free port), runs bench/run.ts, stops what it started.
// Results: bench/results/<case>.json and a Markdown table on stdout (also bench/results/summary.md).
import './ensure-node.mjs'; // first: under an older Node, re-runs this script under Node 24
import { spawn } from 'node:child_process';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureBuild, freePort, portOpen, root, run, startServer, stopProcess, testServerEnv } from './lib.mjs';

ensureDeps();
// KAFKA_PORT_OFFSET runs the bench on its own local cluster (as the fault tests do), beside the default one.
const offset = Number(process.env.KAFKA_PORT_OFFSET ?? 0);
const bootstrap = `127.0.0.1:${9092 + offset}`;
let startedKafka = false;
let startedRegistry = false;
let server;
// The local Schema Registry (moved with the cluster's ports), for the schema-tail case (issue 16).
const registryUrl = `http://127.0.0.1:${8081 + offset}`;
let code = 1;
try {
  if (!(await portOpen(9092 + offset))) {
    if (run('node', ['scripts/kafka.mjs', 'up']) !== 0) throw new Error('could not start the local cluster');
    startedKafka = true;
  }
  if (run('node', ['scripts/registry.mjs', 'status'], { stdio: 'ignore' }) !== 0) {
    if (run('node', ['scripts/registry.mjs', 'up']) === 0) startedRegistry = true;
    else console.error('bench: the local Schema Registry did not start; the schema-tail case will say so');
  }
  if (ensureBuild() !== 0) throw new Error('next build failed');
  // BENCH_PORT pins the console's port (several people benchmarking on one machine); else a free one.
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
  // The test server's settings: known tokens, and a mutation rate limit that load doesn't trip.
  server = await startServer({ port, logFile: '/tmp/riffle-bench-server.log', env: { ...testServerEnv(), RIFFLE_CLUSTERS: '', KAFKA_BROKERS: bootstrap, SCHEMA_REGISTRY_URL: registryUrl, RIFFLE_MAX_STREAMS_PER_USER: '1000' } });
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'bench/run.ts', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      BENCH_BASE_URL: `http://127.0.0.1:${port}`,
      BENCH_BROKERS: bootstrap,
      BENCH_REGISTRY_URL: registryUrl,
      BENCH_STARTED_KAFKA: startedKafka ? '1' : '',
      BENCH_AUTH_HEADER: 'Bearer rfl_test_admin_token_0123456789abcdef',
      // The server runs detached in its own process group: RSS and CPU are read for the group.
      BENCH_SERVER_PGID: String(server.pid),
    },
  });
  code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
} catch (err) {
  console.error(`bench: ${err.message}`);
} finally {
  await stopProcess(server);
  if (startedRegistry) run('node', ['scripts/registry.mjs', 'down']);
  if (startedKafka) run('node', ['scripts/kafka.mjs', 'down']);
}
process.exit(code);
