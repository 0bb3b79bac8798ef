#!/usr/bin/env node
// Local Apache Kafka (KRaft) for development, tests and the demo.
//
//   node scripts/kafka.mjs up|down|status        whole cluster (KAFKA_NODES=1 default, or 3)
//   node scripts/kafka.mjs down --kill            SIGKILL every node (for a cluster about to be wiped)
//   node scripts/kafka.mjs stop <id> [--kill]     one node (fault tests); --kill sends SIGKILL
//   node scripts/kafka.mjs start <id>             one node again
//
// Jars come from Maven Central through kafka/pom.xml into .cache/; data lives in .data/kafka/.
// Node 1 always listens on 127.0.0.1:9092; node N on 9091+N, its controller on 19091+N, and its
// Prometheus JMX exporter (a Java agent, rules in kafka/jmx-exporter.yaml) on 9403+N.
// KAFKA_PORT_OFFSET (tests only) shifts every port and uses its own data folder, so a second,
// separate cluster can run beside the default one (e.g. offset 5000: 14092, 14093, 14094).
// KAFKA_SECURITY=sasl: the client listener speaks SASL_PLAINTEXT with SCRAM-SHA-512 and the
// StandardAuthorizer denies whatever no ACL allows; the super user `riffle` (the console's
// account) gets a password generated into <data>/riffle.password (mode 0600, never printed).
import './ensure-node.mjs'; // first: under an older Node, re-runs this script under Node 24
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pom = path.join(root, 'kafka', 'pom.xml');
const kafkaVersion = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(fs.readFileSync(pom, 'utf8'))[1];
const libsDir = path.join(root, '.cache', `kafka-${kafkaVersion}`, 'libs');
const exporterVersion = /<jmx-exporter\.version>([^<]+)<\/jmx-exporter\.version>/.exec(fs.readFileSync(pom, 'utf8'))[1];
const exporterDir = path.join(root, '.cache', `jmx-exporter-${exporterVersion}`);
const exporterJar = path.join(exporterDir, `jmx_prometheus_javaagent-${exporterVersion}.jar`);
const portOffset = Number(process.env.KAFKA_PORT_OFFSET ?? 0);
if (!Number.isInteger(portOffset) || portOffset < 0 || portOffset > 40000) {
  console.error(`kafka: KAFKA_PORT_OFFSET must be an integer from 0 to 40000 (got "${process.env.KAFKA_PORT_OFFSET}")`);
  process.exit(1);
}
// KAFKA_DATA_DIR: a data folder of the caller's own (the scale bench keeps its big topics there between runs).
const dataRoot = process.env.KAFKA_DATA_DIR ? path.resolve(process.env.KAFKA_DATA_DIR) : path.join(root, '.data', portOffset ? `kafka-${portOffset}` : 'kafka');
// KAFKA_EXTRA_PROPERTIES: a properties file appended to each node's config (later keys win).
const extraProperties = process.env.KAFKA_EXTRA_PROPERTIES ? path.resolve(process.env.KAFKA_EXTRA_PROPERTIES) : null;
const metaFile = path.join(dataRoot, 'cluster.json');
const BROKER_BASE = 9091 + portOffset;
const security = process.env.KAFKA_SECURITY ?? 'none';
if (security !== 'none' && security !== 'sasl') {
  console.error(`kafka: KAFKA_SECURITY must be "sasl" or unset (got "${security}")`);
  process.exit(1);
}
const SUPER_USER = 'riffle';
const passwordFile = path.join(dataRoot, `${SUPER_USER}.password`);
const CONTROLLER_BASE = 19091 + portOffset;
const EXPORTER_BASE = 9403 + portOffset;

function fail(message) {
  console.error(`kafka: ${message}`);
  process.exit(1);
}

function requestedNodes() {
  const raw = process.env.KAFKA_NODES ?? '1';
  if (raw !== '1' && raw !== '3') fail(`KAFKA_NODES must be 1 or 3 (got "${raw}")`);
  return Number(raw);
}

const brokerPort = (id) => BROKER_BASE + id;
const controllerPort = (id) => CONTROLLER_BASE + id;
const exporterPort = (id) => EXPORTER_BASE + id;
const nodeDir = (id) => path.join(dataRoot, `node-${id}`);
const pidFile = (id) => path.join(nodeDir(id), 'kafka.pid');

function readMeta() {
  try {
    return JSON.parse(fs.readFileSync(metaFile, 'utf8'));
  } catch {
    return null;
  }
}

function isKafkaPid(pid) {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes('kafka.Kafka');
  } catch {
    return false;
  }
}

function runningPid(id) {
  try {
    const pid = Number(fs.readFileSync(pidFile(id), 'utf8').trim());
    return pid && isKafkaPid(pid) ? pid : null;
  } catch {
    return null;
  }
}

function portOpen(port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function ensureJars() {
  const marker = path.join(libsDir, '.complete');
  if (fs.existsSync(marker)) return;
  if (spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status !== 0) {
    fail('Maven (mvn) is needed to fetch the Kafka jars from Maven Central; install it and retry');
  }
  console.log(`kafka: fetching Apache Kafka ${kafkaVersion} jars from Maven Central (first run only)`);
  fs.mkdirSync(libsDir, { recursive: true });
  const res = spawnSync(
    'mvn',
    ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${libsDir}`, '-DincludeScope=runtime', '-DexcludeArtifactIds=jmx_prometheus_javaagent'],
    { stdio: 'inherit' },
  );
  if (res.status !== 0) fail('mvn dependency:copy-dependencies failed (see above)');
  fs.writeFileSync(marker, new Date().toISOString());
}

// The exporter agent goes to a folder of its own: on the broker's classpath its shaded copies
// of Prometheus' classes would sit beside Kafka's jars for no reason.
function ensureExporter() {
  if (fs.existsSync(exporterJar)) return;
  console.log(`kafka: fetching the Prometheus JMX exporter ${exporterVersion} from Maven Central (first run only)`);
  const res = spawnSync(
    'mvn',
    ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${exporterDir}`, '-DincludeArtifactIds=jmx_prometheus_javaagent'],
    { stdio: 'inherit' },
  );
  if (res.status !== 0 || !fs.existsSync(exporterJar)) fail('fetching the JMX exporter agent failed (see above)');
}

function java(args, opts = {}) {
  return spawnSync('java', ['-cp', `${libsDir}/*`, ...args], { encoding: 'utf8', ...opts });
}

function renderConfig(id, nodes) {
  const template = fs.readFileSync(path.join(root, 'kafka', 'broker.properties.template'), 'utf8');
  const voters = Array.from({ length: nodes }, (_, i) => `${i + 1}@127.0.0.1:${controllerPort(i + 1)}`).join(',');
  const values = {
    nodeId: id,
    voters,
    brokerPort: brokerPort(id),
    controllerPort: controllerPort(id),
    logDir: path.join(nodeDir(id), 'log'),
    defaultRf: nodes >= 3 ? 3 : 1,
    minIsr: nodes >= 3 ? 2 : 1,
    internalRf: nodes >= 3 ? 3 : 1,
    internalMinIsr: nodes >= 3 ? 2 : 1,
  };
  let out = template.replace(/\{\{(\w+)\}\}/g, (_, k) => {
    if (!(k in values)) fail(`template placeholder {{${k}}} has no value`);
    return String(values[k]);
  });
  if (security === 'sasl') out += saslProperties(id);
  if (extraProperties) out += `\n# KAFKA_EXTRA_PROPERTIES (${extraProperties})\n${fs.readFileSync(extraProperties, 'utf8')}\n`;
  const file = path.join(nodeDir(id), 'server.properties');
  fs.writeFileSync(file, out, { mode: 0o600 });
  return file;
}

// Later keys win in a Java properties file, so this block overrides the template's listeners.
// The controller listener stays PLAINTEXT on loopback: a node reaches its controllers as
// User:ANONYMOUS there (the SASL listener never yields that principal), hence the second super user.
function saslProperties(id) {
  const jaas = `org.apache.kafka.common.security.scram.ScramLoginModule required username="${SUPER_USER}" password="${superUserPassword()}";`;
  return [
    '',
    '# KAFKA_SECURITY=sasl (scripts/kafka.mjs)',
    `listeners=SASL_PLAINTEXT://127.0.0.1:${brokerPort(id)},CONTROLLER://127.0.0.1:${controllerPort(id)}`,
    `advertised.listeners=SASL_PLAINTEXT://127.0.0.1:${brokerPort(id)}`,
    'listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=SASL_PLAINTEXT',
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    `listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=${jaas}`,
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found=false',
    `super.users=User:${SUPER_USER};User:ANONYMOUS`,
    '',
  ].join('\n');
}

/** The super user's password: generated once per cluster into the data folder, readable by its owner only. */
function superUserPassword() {
  if (!fs.existsSync(passwordFile)) fs.writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(passwordFile, 'utf8').trim();
}

/** Client options for the script's own readiness check (the super user on a secured cluster). */
function scriptClientSasl() {
  return security === 'sasl' ? { sasl: { mechanism: 'SCRAM-SHA-512', username: SUPER_USER, password: superUserPassword() } } : {};
}

// Kafka's own Uuid.randomUuid() rerolls ids whose base64 starts with '-': the
// storage tool's argument parser reads such an id as an option and fails, as it did
// on one CI run (about one fresh clone in 64). The '=' form keeps an older
// meta.json's id usable.
function newClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function formatStorage(id, clusterId, configFile) {
  if (fs.existsSync(path.join(nodeDir(id), 'log', 'meta.properties'))) return;
  // The super user's SCRAM credential goes into the bootstrap metadata: with SASL on the
  // inter-broker listener, no broker could come up to have it added later.
  const scram = security === 'sasl' ? ['--add-scram', `SCRAM-SHA-512=[name=${SUPER_USER},password=${superUserPassword()}]`] : [];
  const res = java(['kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', configFile, '--ignore-formatted', ...scram], {
    env: { ...process.env, KAFKA_LOG4J_OPTS: '' },
  });
  if (res.status !== 0) fail(`formatting storage of node ${id} failed:\n${res.stdout}\n${res.stderr}`);
}

function startNode(id) {
  if (runningPid(id)) return runningPid(id);
  ensureExporter();
  const configFile = path.join(nodeDir(id), 'server.properties');
  const logsDir = path.join(nodeDir(id), 'logs');
  fs.mkdirSync(logsDir, { recursive: true });
  const out = fs.openSync(path.join(logsDir, 'stdout.log'), 'a');
  const heap = (process.env.KAFKA_HEAP_OPTS ?? '-Xms128m -Xmx512m').split(/\s+/).filter(Boolean);
  const child = spawn(
    'java',
    [
      ...heap,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      `-javaagent:${exporterJar}=127.0.0.1:${exporterPort(id)}:${path.join(root, 'kafka', 'jmx-exporter.yaml')}`,
      `-Dkafka.logs.dir=${logsDir}`,
      `-Dlog4j2.configurationFile=${path.join(root, 'kafka', 'log4j2.properties')}`,
      '-cp',
      `${libsDir}/*`,
      'kafka.Kafka',
      configFile,
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  child.unref();
  fs.writeFileSync(pidFile(id), String(child.pid));
  return child.pid;
}

async function waitForCluster(nodes, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (let id = 1; id <= nodes; id++) {
    while (!(await portOpen(brokerPort(id)))) {
      if (!runningPid(id)) fail(`node ${id} exited during start-up; see ${path.join(nodeDir(id), 'logs')}`);
      if (Date.now() > deadline) fail(`node ${id} did not open port ${brokerPort(id)} within ${timeoutMs / 1000}s`);
      await sleep(250);
    }
  }
  // An open port is not a working cluster: wait until metadata lists every broker.
  let Admin;
  try {
    ({ Admin } = await import('@platformatic/kafka'));
  } catch {
    return; // dependencies not installed yet: the open ports are the best we can check
  }
  const admin = new Admin({ clientId: 'riffle-kafka-script', bootstrapBrokers: [`127.0.0.1:${brokerPort(1)}`], retries: 0, connectTimeout: 2_000, ...scriptClientSasl() });
  try {
    while (true) {
      const md = await admin.metadata({ topics: [], forceUpdate: true }).catch(() => null);
      if (md && md.brokers.size >= nodes) break;
      if (Date.now() > deadline) fail(`metadata did not list ${nodes} brokers within ${timeoutMs / 1000}s`);
      await sleep(300);
    }
  } finally {
    await admin.close().catch(() => {});
  }
}

function bootstrap(nodes) {
  return Array.from({ length: nodes }, (_, i) => `127.0.0.1:${brokerPort(i + 1)}`).join(',');
}

async function up() {
  const nodes = requestedNodes();
  let meta = readMeta();
  const anyRunning = meta && Array.from({ length: meta.nodes }, (_, i) => runningPid(i + 1)).some(Boolean);
  if (meta && meta.nodes !== nodes) {
    if (anyRunning) fail(`a ${meta.nodes}-node cluster is running; run "npm run kafka:down" before starting ${nodes} nodes`);
    console.log(`kafka: the local cluster had ${meta.nodes} node(s), now ${nodes}: wiping .data/kafka and formatting anew`);
    fs.rmSync(dataRoot, { recursive: true, force: true });
    meta = null;
  }
  if (meta && (meta.security ?? 'none') !== security) {
    if (anyRunning) fail(`a cluster with KAFKA_SECURITY=${meta.security ?? 'none'} is running; run "npm run kafka:down" first`);
    console.log(`kafka: the local cluster had KAFKA_SECURITY=${meta.security ?? 'none'}, now ${security}: wiping its data and formatting anew`);
    fs.rmSync(dataRoot, { recursive: true, force: true });
    meta = null;
  }
  ensureJars();
  if (!meta) {
    meta = { clusterId: newClusterId(), nodes, kafkaVersion, security };
    fs.mkdirSync(dataRoot, { recursive: true });
    fs.writeFileSync(metaFile, JSON.stringify(meta, null, 2));
  }
  const started = [];
  for (let id = 1; id <= nodes; id++) {
    fs.mkdirSync(nodeDir(id), { recursive: true });
    if (runningPid(id)) continue;
    const configFile = renderConfig(id, nodes);
    formatStorage(id, meta.clusterId, configFile);
    startNode(id);
    started.push(id);
  }
  await waitForCluster(nodes);
  console.log(
    started.length
      ? `kafka: started node(s) ${started.join(', ')} of a ${nodes}-node KRaft cluster (Apache Kafka ${kafkaVersion})`
      : `kafka: already running (${nodes} node(s), Apache Kafka ${kafkaVersion})`,
  );
  console.log(`KAFKA_BROKERS=${bootstrap(nodes)}`);
  console.log(`JMX exporters: ${Array.from({ length: nodes }, (_, i) => `http://127.0.0.1:${exporterPort(i + 1)}/metrics`).join(' ')}`);
  if (security === 'sasl') {
    // the variables the console needs; the password stays in its file
    console.log(`KAFKA_SASL_MECHANISM=scram-sha-512 KAFKA_SASL_USERNAME=${SUPER_USER} KAFKA_SASL_PASSWORD_FILE=${path.relative(process.cwd(), passwordFile) || passwordFile}`);
  }
}

async function stopNode(id, { kill = false, timeoutMs = 30_000 } = {}) {
  const pid = runningPid(id);
  if (!pid) return false;
  process.kill(pid, kill ? 'SIGKILL' : 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isKafkaPid(pid)) {
    if (Date.now() > deadline) {
      console.log(`kafka: node ${id} did not stop within ${timeoutMs / 1000}s; killing it`);
      process.kill(pid, 'SIGKILL');
    }
    await sleep(200);
  }
  fs.rmSync(pidFile(id), { force: true });
  return true;
}

async function down({ kill = false } = {}) {
  const meta = readMeta();
  const nodes = meta?.nodes ?? 3;
  // Stop all nodes together: stopping them one by one would make the last ones wait for a
  // quorum that is already gone.
  const ids = Array.from({ length: nodes }, (_, i) => i + 1);
  const stopped = await Promise.all(ids.map((id) => stopNode(id, { kill })));
  const count = stopped.filter(Boolean).length;
  console.log(count ? `kafka: stopped ${count} node(s)` : 'kafka: nothing was running');
}

async function status() {
  const meta = readMeta();
  if (!meta) {
    console.log('kafka: no local cluster has been created yet (run "npm run kafka:up")');
    process.exitCode = 3;
    return;
  }
  let up = 0;
  for (let id = 1; id <= meta.nodes; id++) {
    const pid = runningPid(id);
    const open = await portOpen(brokerPort(id));
    if (pid && open) up++;
    console.log(
      `node ${id}  127.0.0.1:${brokerPort(id)}  ${pid ? `running (pid ${pid})` : 'stopped'}${pid && !open ? ', port not open yet' : ''}  metrics http://127.0.0.1:${exporterPort(id)}/metrics`,
    );
  }
  console.log(`cluster ${meta.clusterId}: ${up}/${meta.nodes} node(s) up, Apache Kafka ${meta.kafkaVersion}`);
  if (up === 0) process.exitCode = 3;
}

function nodeArg(arg) {
  const meta = readMeta();
  const id = Number(arg);
  if (!meta) fail('no local cluster exists');
  if (!Number.isInteger(id) || id < 1 || id > meta.nodes) fail(`node must be 1..${meta.nodes} (got "${arg}")`);
  return id;
}

const [command, arg, flag] = process.argv.slice(2);
switch (command) {
  case 'up':
    await up();
    break;
  case 'down':
    await down({ kill: arg === '--kill' });
    break;
  case 'status':
    await status();
    break;
  case 'jars':
    ensureJars(); // tests run Kafka's own tools from these jars even when a cluster already runs
    break;
  case 'stop': {
    const id = nodeArg(arg);
    const stopped = await stopNode(id, { kill: flag === '--kill' });
    console.log(stopped ? `kafka: node ${id} stopped${flag === '--kill' ? ' (SIGKILL)' : ''}` : `kafka: node ${id} was not running`);
    break;
  }
  case 'start': {
    const id = nodeArg(arg);
    startNode(id);
    while (!(await portOpen(brokerPort(id)))) await sleep(250);
    console.log(`kafka: node ${id} started`);
    break;
  }
  default:
    fail('usage: kafka.mjs up|down [--kill]|status|jars|stop <id> [--kill]|start <id>');
}
