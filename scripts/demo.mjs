#!/usr/bin/env node
// `npm run demo`: from a fresh clone to a running console. Installs what is missing, starts
// the local Kafka cluster (unless KAFKA_BROKERS points elsewhere), starts the demo producers
// and the weather pipeline where present, builds and serves the console on HOST:PORT
// (default 127.0.0.1:3000). Ctrl-C stops everything it started, and nothing else.
import './ensure-node.mjs'; // first: under an older Node, re-runs this script under Node 24
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureBuild, kafkaRunning, localKafkaPort, root, run, startServer, stopProcess } from './lib.mjs';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 3000);
const external = Boolean(process.env.KAFKA_BROKERS);
// The local cluster's address for every process the demo starts: 9092, or moved by
// KAFKA_PORT_OFFSET (the bench's cold start runs the demo beside the default cluster). Without
// it they would look for 9092 while kafkaRunning() found the moved one.
if (!external) process.env.KAFKA_BROKERS = `127.0.0.1:${localKafkaPort()}`;
// The local Connect worker (scripts/connect.mjs), moved with the cluster's ports.
if (!external) process.env.CONNECT_URL ??= `http://127.0.0.1:${8083 + localKafkaPort() - 9092}`;
// The local Schema Registry (scripts/registry.mjs), moved with the cluster's ports like Connect.
if (!external) process.env.SCHEMA_REGISTRY_URL ??= `http://127.0.0.1:${8081 + localKafkaPort() - 9092}`;
const children = [];
let startedKafka = false;
let startedConnect = false;
let startedRegistry = false;
let stopping = false;

async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\ndemo: stopping what it started…');
  for (const c of children.reverse()) await stopProcess(c);
  if (startedConnect) run('node', ['scripts/connect.mjs', 'down']);
  if (startedRegistry) run('node', ['scripts/registry.mjs', 'down']);
  if (startedKafka) run('node', ['scripts/kafka.mjs', 'down']);
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

/** Long-running helper processes (demo data, pipeline); each is optional until its script exists. */
function startHelper(name, script, args = []) {
  if (!fs.existsSync(path.join(root, script))) return;
  const logFile = path.join(root, '.data', 'logs', `${name}.log`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  // react-server: lets these plain Node processes import lib/server modules marked 'server-only'.
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', script, ...args], {
    cwd: root,
    stdio: ['ignore', out, out],
    detached: true,
    env: process.env,
  });
  children.push(child);
  console.log(`demo: started ${name} (log: ${path.relative(root, logFile)})`);
}

ensureDeps();
if (external) {
  console.log(`demo: using the cluster at KAFKA_BROKERS=${process.env.KAFKA_BROKERS}; starting none`);
} else if (!(await kafkaRunning())) {
  if (run('node', ['scripts/kafka.mjs', 'up']) !== 0) process.exit(1);
  startedKafka = true;
} else {
  console.log(`demo: a local cluster already runs on ${process.env.KAFKA_BROKERS}; using it (and leaving it running)`);
}

// The local Schema Registry (issue 16) before the producers, so schema'd demo topics can register
// their schemas; one already running (registry:up) is used and left running.
if (!external) {
  const registryRunning = run('node', ['scripts/registry.mjs', 'status'], { stdio: 'ignore' }) === 0;
  if (registryRunning) console.log(`demo: a local Schema Registry already runs at ${process.env.SCHEMA_REGISTRY_URL}; using it`);
  else if (run('node', ['scripts/registry.mjs', 'up']) === 0) startedRegistry = true;
  else console.log('demo: the local Schema Registry did not start (see .data/registry/logs); the console runs without it');
}

if (!external) {
  startHelper('demo-data', 'lib/demo/run-demo-data.ts');
  // Avro, Protobuf and JSON Schema topics in the registry's framed encoding (issue 16)
  startHelper('schema-demo', 'lib/demo/run-schema-demo.ts');
  startHelper('pipeline', 'lib/pipeline/run.ts');
  // A Kafka Streams app on the streams protocol (KIP-1071), so the groups page has one to show.
  startHelper('streams-app', 'scripts/streams-app.mjs');
}

// Kafka Connect (issue 17): the local worker and a FileStream source/sink pair moving the
// weather CSV through a topic, so the Connect pages show real connectors moving real data.
if (!external) {
  const { startDemoConnect } = await import('./demo-connect.mjs');
  startedConnect = await startDemoConnect().catch((err) => {
    console.log(`demo: Kafka Connect not started (${err.message}); the console runs without it`);
    return false;
  });
}

if (ensureBuild() !== 0) await stopAll(1);
fs.mkdirSync(path.join(root, '.data', 'logs'), { recursive: true }); // also when no helper made it
try {
  const server = await startServer({ port, host, logFile: path.join(root, '.data', 'logs', 'console.log') });
  children.push(server);
} catch (err) {
  console.error(`demo: ${err.message}`);
  await stopAll(1);
}
console.log(`\n  Riffle is running at http://${host}:${port}`);
console.log(`  ${signInHint()}`);
console.log('  Press Ctrl-C to stop everything the demo started.\n');

/** How to sign in: the first-start admin link (printed here, on the terminal, never to a log file). */
function signInHint() {
  const auth = (process.env.RIFFLE_AUTH ?? 'on').toLowerCase();
  if (['off', 'false', '0'].includes(auth)) return 'Authentication is off (loopback only): no sign-in needed.';
  if (process.env.RIFFLE_AUTH_FILE || process.env.RIFFLE_USERS || process.env.RIFFLE_TOKENS) {
    return `Sign in at http://${host}:${port}/login with a user or token from RIFFLE_AUTH_FILE / RIFFLE_USERS / RIFFLE_TOKENS.`;
  }
  if (process.env.RIFFLE_ADMIN_TOKEN) return `Sign in as admin: http://${host}:${port}/login?token=$RIFFLE_ADMIN_TOKEN`;
  const dataDir = process.env.RIFFLE_DATA_DIR ? path.resolve(process.env.RIFFLE_DATA_DIR) : path.join(root, '.data');
  const file = path.join(dataDir, 'admin-token');
  if (fs.existsSync(file)) return `Sign in as admin: http://${host}:${port}/login?token=${fs.readFileSync(file, 'utf8').trim()}`;
  return 'Sign in with the users of RIFFLE_AUTH_FILE / RIFFLE_USERS (or single sign-on, if configured).';
}
