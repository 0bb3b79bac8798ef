#!/usr/bin/env node
// Local Kafka Connect worker (distributed mode) for development, tests and the demo.
//
//   node scripts/connect.mjs up|down|status
//
// Jars come from Maven Central through connect/pom.xml into .cache/connect-<version>/libs; the
// connector plugins (FileStream source and sink) into .cache/connect-<version>/plugins/, the
// worker's plugin.path. The worker's REST API listens on 127.0.0.1:8083 and its internal topics
// (riffle-connect-configs/-offsets/-status) live on the local cluster. KAFKA_PORT_OFFSET moves
// both (REST 8083+offset, Kafka 9092+offset) and gives the worker a data folder of its own, as
// scripts/kafka.mjs does for the cluster. CONNECT_PORT pins the REST port.
import './ensure-node.mjs'; // first: under an older Node, re-runs this script under Node 24
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { backgroundService, portOffsetOf, serviceMain } from './background-service.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pom = path.join(root, 'connect', 'pom.xml');
const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(fs.readFileSync(pom, 'utf8'))[1];
const cacheDir = path.join(root, '.cache', `connect-${version}`);
const libsDir = path.join(cacheDir, 'libs');
const pluginsDir = path.join(cacheDir, 'plugins');
// Plugins each get a folder of their own under plugin.path (their own class loader): one jar
// (artifact), or a pom's runtime dependencies (pom, for plugins with dependencies of their own).
const PLUGINS = [
  { dir: 'connect-file', artifact: `org.apache.kafka:connect-file:${version}` },
  // Debezium's PostgreSQL source: a real plugin whose config has PASSWORD-type fields.
  { dir: 'debezium-postgres', pom: path.join(root, 'connect', 'plugins', 'debezium-postgres.pom.xml') },
];
const portOffset = portOffsetOf('connect');
const restPort = Number(process.env.CONNECT_PORT ?? 8083 + portOffset);
const bootstrap = process.env.KAFKA_BROKERS ?? `127.0.0.1:${9092 + portOffset}`;
const dataDir = path.join(root, '.data', portOffset ? `connect-${portOffset}` : 'connect');
const logFile = path.join(dataDir, 'logs', 'stdout.log');
const url = `http://127.0.0.1:${restPort}`;
const service = backgroundService({ name: 'connect', pidFile: path.join(dataDir, 'connect.pid'), logFile, cmdline: 'ConnectDistributed' });
const { fail } = service;

function mvn(args, pomFile = pom) {
  const res = spawnSync('mvn', ['-q', '-B', '-f', pomFile, ...args], { stdio: 'inherit' });
  if (res.status !== 0) fail(`mvn ${args[0]} failed (see above)`);
}

function ensureJars() {
  const done = (dir) => fs.existsSync(path.join(dir, '.complete'));
  const missing = [libsDir, ...PLUGINS.map((p) => path.join(pluginsDir, p.dir))].filter((d) => !done(d));
  if (!missing.length) return;
  if (spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status !== 0) {
    fail('Maven (mvn) is needed to fetch the Kafka Connect jars from Maven Central; install it and retry');
  }
  console.log(`connect: fetching Kafka Connect ${version} and its plugins from Maven Central (first run only)`);
  if (!done(libsDir)) {
    mvn(['dependency:copy-dependencies', `-DoutputDirectory=${libsDir}`, '-DincludeScope=runtime']);
    fs.writeFileSync(path.join(libsDir, '.complete'), new Date().toISOString());
  }
  for (const p of PLUGINS) {
    const dir = path.join(pluginsDir, p.dir);
    if (done(dir)) continue;
    const out = `-DoutputDirectory=${dir}`;
    if (p.pom) mvn(['dependency:copy-dependencies', out, '-DincludeScope=runtime'], p.pom);
    else mvn(['dependency:copy', `-Dartifact=${p.artifact}`, out]);
    fs.writeFileSync(path.join(dir, '.complete'), new Date().toISOString());
  }
}

async function rootInfo(timeoutMs = 1_000) {
  try {
    const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

function renderConfig() {
  // Internal topics carry the port offset in their names only through the data folder: each
  // worker points at its own cluster, so the fixed names never meet.
  const props = {
    'bootstrap.servers': bootstrap,
    'group.id': 'riffle-connect',
    'config.storage.topic': 'riffle-connect-configs',
    'offset.storage.topic': 'riffle-connect-offsets',
    'status.storage.topic': 'riffle-connect-status',
    'config.storage.replication.factor': '-1',
    'offset.storage.replication.factor': '-1',
    'status.storage.replication.factor': '-1',
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'false',
    'value.converter.schemas.enable': 'false',
    listeners: url,
    'rest.advertised.host.name': '127.0.0.1',
    'rest.advertised.port': String(restPort),
    'plugin.path': pluginsDir,
    // The plugins ship service-loader manifests (KIP-898): reading those takes ~1.5 s, where the
    // default hybrid mode's reflective scan of every jar took 30 s on this 2-core machine.
    'plugin.discovery': 'service_load',
    'offset.flush.interval.ms': '1000',
    'task.shutdown.graceful.timeout.ms': '3000',
    // The KIP-875 offsets API and the DELETE of a connector wait for a rebalance; keep it short.
    'scheduled.rebalance.max.delay.ms': '5000',
  };
  const file = path.join(dataDir, 'worker.properties');
  fs.writeFileSync(file, Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  return file;
}

async function up() {
  if (service.runningPid() && (await rootInfo())) {
    console.log(`connect: already running at ${url}`);
    return;
  }
  ensureJars();
  fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  const config = renderConfig();
  if (!service.runningPid()) {
    const heap = (process.env.CONNECT_HEAP_OPTS ?? '-Xms64m -Xmx384m').split(/\s+/).filter(Boolean);
    service.start('java', [
      ...heap,
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      `-Dkafka.logs.dir=${path.join(dataDir, 'logs')}`,
      `-Dlog4j2.configurationFile=${path.join(root, 'kafka', 'log4j2.properties')}`,
      '-cp',
      `${libsDir}/*`,
      'org.apache.kafka.connect.cli.ConnectDistributed',
      config,
    ]);
  }
  // The REST server answers before the worker has joined its group; the plugin list answers
  // only once the herder runs.
  let info = null;
  await service.waitReady(
    async () => {
      info = await rootInfo();
      const plugins = info && (await fetch(`${url}/connector-plugins`, { signal: AbortSignal.timeout(2_000) }).catch(() => null));
      return Boolean(plugins?.ok);
    },
    { withinMs: 120_000 },
  );
  console.log(`connect: Kafka Connect ${info.version} running at ${url} (Kafka at ${bootstrap}; log: ${path.relative(root, logFile)})`);
  console.log(`CONNECT_URL=${url}`);
}

async function status() {
  const pid = service.runningPid();
  const info = await rootInfo();
  console.log(`connect: ${pid ? `running (pid ${pid})` : 'stopped'}${info ? `, Kafka Connect ${info.version} answering at ${url}` : pid ? `, not answering at ${url} yet` : ''}`);
  if (!info) process.exitCode = 3;
}

await serviceMain('connect', { up, down: () => service.stop({ withinMs: 30_000 }), status, jars: async () => ensureJars() });
