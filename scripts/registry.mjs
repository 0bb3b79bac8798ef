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
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const portOffset = Number(process.env.KAFKA_PORT_OFFSET ?? 0);
if (!Number.isInteger(portOffset) || portOffset < 0 || portOffset > 40000) {
  console.error(`registry: KAFKA_PORT_OFFSET must be an integer from 0 to 40000 (got "${process.env.KAFKA_PORT_OFFSET}")`);
  process.exit(1);
}
const port = Number(process.env.REGISTRY_PORT ?? 8081 + portOffset);
const bootstrap = process.env.KAFKA_BROKERS ?? `127.0.0.1:${9092 + portOffset}`;
const dataDir = path.join(root, '.data', portOffset ? `registry-${portOffset}` : 'registry');
// One pid file per port, so a second instance (REGISTRY_PORT) can run beside the first.
const pidFile = path.join(dataDir, `registry-${port}.pid`);
const logFile = path.join(dataDir, 'logs', `registry-${port}.log`);
const url = `http://127.0.0.1:${port}`;

function fail(message) {
  console.error(`registry: ${message}`);
  process.exit(1);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function isRegistryPid(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('registry/main.ts');
  } catch {
    return false;
  }
}

function runningPid() {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    return pid && isRegistryPid(pid) ? pid : null;
  } catch {
    return null;
  }
}

async function answers(timeoutMs = 1_000) {
  try {
    const res = await fetch(`${url}/schemas/types`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok;
  } catch {
    return false;
  }
}

async function up() {
  if (runningPid() && (await answers())) {
    console.log(`registry: already running at ${url}`);
    return;
  }
  fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  // The log is appended to: only what this start wrote counts as ready.
  const logStart = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const newLog = () => fs.readFileSync(logFile).subarray(logStart).toString('utf8');
  if (!runningPid()) {
    const out = fs.openSync(logFile, 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('registry', 'main.ts')], {
      cwd: root,
      detached: true,
      stdio: ['ignore', out, out],
      env: { ...process.env, REGISTRY_PORT: String(port), KAFKA_BROKERS: bootstrap },
    });
    child.unref();
    fs.writeFileSync(pidFile, String(child.pid));
  }
  const deadline = Date.now() + 90_000;
  for (;;) {
    // Ready when it answers and its log says a writer is known (this instance or another).
    if ((await answers()) && newLog().includes(`listening at ${url}`)) {
      console.log(`registry: running at ${url} (Kafka at ${bootstrap}; log: ${path.relative(root, logFile)})`);
      console.log(`SCHEMA_REGISTRY_URL=${url}`);
      return;
    }
    if (!runningPid()) fail(`the registry exited during start-up; see ${logFile}`);
    if (Date.now() > deadline) fail(`the registry did not answer at ${url} within 90 s; see ${logFile}`);
    await sleep(300);
  }
}

async function down() {
  const pid = runningPid();
  if (!pid) {
    console.log('registry: nothing was running');
    return;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 20_000;
  while (isRegistryPid(pid)) {
    if (Date.now() > deadline) {
      console.log('registry: did not stop within 20 s; killing it');
      process.kill(pid, 'SIGKILL');
    }
    await sleep(200);
  }
  fs.rmSync(pidFile, { force: true });
  console.log('registry: stopped');
}

async function status() {
  const pid = runningPid();
  const ok = await answers();
  console.log(`registry: ${pid ? `running (pid ${pid})` : 'stopped'}${ok ? `, answering at ${url}` : pid ? `, not answering at ${url} yet` : ''}`);
  if (!ok) process.exitCode = 3;
}

switch (process.argv[2]) {
  case 'up':
    await up();
    break;
  case 'down':
    await down();
    break;
  case 'status':
    await status();
    break;
  default:
    fail('usage: registry.mjs up|down|status');
}
