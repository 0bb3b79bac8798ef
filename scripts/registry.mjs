#!/usr/bin/env node
// Riffle's local Confluent-compatible Schema Registry (registry/), for development, tests and
// the demo.
//
//   node scripts/registry.mjs up|down|status
//
// A background Node process (registry/main.ts under tsx) storing schemas in the local
// cluster's `_schemas` topic. REST at 127.0.0.1:8081; KAFKA_PORT_OFFSET moves it (8081+offset,
// Kafka 9092+offset) and gives it a data folder of its own, as scripts/connect.mjs does.
// REGISTRY_PORT pins the port; KAFKA_BROKERS points it at another cluster.
import './ensure-node.mjs'; // first: under an older Node, re-runs this script under Node 24
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { backgroundService, portOffsetOf, serviceMain } from './background-service.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const portOffset = portOffsetOf('registry');
const port = Number(process.env.REGISTRY_PORT ?? 8081 + portOffset);
const bootstrap = process.env.KAFKA_BROKERS ?? `127.0.0.1:${9092 + portOffset}`;
const dataDir = path.join(root, '.data', portOffset ? `registry-${portOffset}` : 'registry');
const logFile = path.join(dataDir, 'logs', `registry-${port}.log`);
const url = `http://127.0.0.1:${port}`;
// One pid file per port, so a second instance (REGISTRY_PORT) can run beside the first.
const service = backgroundService({ name: 'registry', pidFile: path.join(dataDir, `registry-${port}.pid`), logFile, cmdline: 'registry/main.ts' });

async function answers(timeoutMs = 1_000) {
  try {
    const res = await fetch(`${url}/schemas/types`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok;
  } catch {
    return false;
  }
}

async function up() {
  if (service.runningPid() && (await answers())) {
    console.log(`registry: already running at ${url}`);
    return;
  }
  let logStart = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  if (!service.runningPid()) {
    logStart = service.start(process.execPath, ['--import', 'tsx', path.join('registry', 'main.ts')], {
      cwd: root,
      env: { ...process.env, REGISTRY_PORT: String(port), KAFKA_BROKERS: bootstrap },
    });
  }
  // Ready when it answers and its log says a writer is known (this instance or another); the log
  // is appended to, so only what this start wrote counts.
  const newLog = () => fs.readFileSync(logFile).subarray(logStart).toString('utf8');
  await service.waitReady(async () => (await answers()) && newLog().includes(`listening at ${url}`), { withinMs: 90_000, everyMs: 300 });
  console.log(`registry: running at ${url} (Kafka at ${bootstrap}; log: ${path.relative(root, logFile)})`);
  console.log(`SCHEMA_REGISTRY_URL=${url}`);
}

async function status() {
  const pid = service.runningPid();
  const ok = await answers();
  console.log(`registry: ${pid ? `running (pid ${pid})` : 'stopped'}${ok ? `, answering at ${url}` : pid ? `, not answering at ${url} yet` : ''}`);
  if (!ok) process.exitCode = 3;
}

await serviceMain('registry', { up, down: () => service.stop({ withinMs: 20_000 }), status });
