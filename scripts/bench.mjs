#!/usr/bin/env node
// `npm run bench [-- <case> ...]`: starts what the benchmarks need (the local cluster if none
// runs, a production build served on a free port), runs bench/run.ts, stops what it started.
// Results: bench/results/<case>.json and a Markdown table on stdout (also bench/results/summary.md).
import './ensure-node.mjs'; // first: under an older Node, re-runs this script under Node 24
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureBuild, freePort, portOpen, root, run, startServer, stopProcess, testServerEnv } from './lib.mjs';

ensureDeps();
// KAFKA_PORT_OFFSET runs the bench on its own local cluster (as the fault tests do), beside the default one.
const offset = Number(process.env.KAFKA_PORT_OFFSET ?? 0);
// The scale case (issue 23) runs on a cluster of its own: three nodes (one broker's open-file
// limit can't hold 50,000 partitions here), its data kept in .data/bench-scale-<offset> between
// runs (the 10-million-message topic takes a minute or more to fill), bench/scale/broker.properties.
const scale = process.argv.slice(2).includes('scale');
const scaleEnv = scale
  ? {
      KAFKA_NODES: '3',
      KAFKA_DATA_DIR: `.data/bench-scale-${offset}`,
      KAFKA_EXTRA_PROPERTIES: 'bench/scale/broker.properties',
      KAFKA_HEAP_OPTS: process.env.BENCH_SCALE_HEAP ?? '-Xms512m -Xmx1536m',
    }
  : {};
const bootstrap = scale ? [1, 2, 3].map((i) => `127.0.0.1:${9091 + i + offset}`).join(',') : `127.0.0.1:${9092 + offset}`;
let startedKafka = false;
let startedRegistry = false;
let server;
// The local Schema Registry (moved with the cluster's ports), for the schema-tail case (issue 16).
const registryUrl = `http://127.0.0.1:${8081 + offset}`;
let code = 1;
try {
  if (scale && (await portOpen(9092 + offset)) && !fs.existsSync(`${root}/.data/bench-scale-${offset}/cluster.json`)) {
    throw new Error(`the scale case needs its own cluster, and another one listens on port ${9092 + offset}: stop it, or choose another KAFKA_PORT_OFFSET`);
  }
  if (!(await portOpen(9092 + offset))) {
    if (run('node', ['scripts/kafka.mjs', 'up'], { env: { ...process.env, ...scaleEnv } }) !== 0) throw new Error('could not start the local cluster');
    startedKafka = true;
  }
  // The scale case has no schema case: it starts no registry.
  if (!scale && run('node', ['scripts/registry.mjs', 'status'], { stdio: 'ignore' }) !== 0) {
    if (run('node', ['scripts/registry.mjs', 'up']) === 0) startedRegistry = true;
    else console.error('bench: the local Schema Registry did not start; the schema-tail case will say so');
  }
  if (ensureBuild() !== 0) throw new Error('next build failed');
  // BENCH_PORT pins the console's port (several people benchmarking on one machine); else a free one.
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
  // The test server's settings: known tokens, and a mutation rate limit that load doesn't trip;
  // the topic index at its defaults (a blank value is unset), which is what the topics cases measure.
  // The scale case samples lag at the product's default interval (10 s; BENCH_LAG_SAMPLE_MS to
  // choose), not the tests' 2 s: its targets are the sampler's cycle against the interval a user
  // runs, and the database's growth a day at it.
  const lagSampleMs = scale ? process.env.BENCH_LAG_SAMPLE_MS || '10000' : testServerEnv().RIFFLE_LAG_SAMPLE_MS;
  server = await startServer({
    port,
    logFile: '/tmp/riffle-bench-server.log',
    env: { ...testServerEnv(), RIFFLE_CLUSTERS: '', KAFKA_BROKERS: bootstrap, SCHEMA_REGISTRY_URL: registryUrl, RIFFLE_MAX_STREAMS_PER_USER: '1000', RIFFLE_TOPIC_INDEX_MAX_AGE_MS: '', RIFFLE_TOPIC_INDEX_MAX_STALE_MS: '', RIFFLE_LAG_SAMPLE_MS: lagSampleMs },
  });
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
      ...(scale ? { BENCH_KAFKA_DATA_DIR: `${root}/.data/bench-scale-${offset}`, RIFFLE_LAG_SAMPLE_MS: lagSampleMs } : {}),
    },
  });
  code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
} catch (err) {
  console.error(`bench: ${err.message}`);
} finally {
  await stopProcess(server);
  if (startedRegistry) run('node', ['scripts/registry.mjs', 'down']);
  if (startedKafka) run('node', ['scripts/kafka.mjs', 'down'], { env: { ...process.env, ...scaleEnv } });
}
process.exit(code);
