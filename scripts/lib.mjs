// Helpers shared by the project's scripts (demo, test, bench): processes, ports, builds.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return res.status ?? 1;
}

export function portOpen(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Node 1 of the local cluster: 9092, or shifted by KAFKA_PORT_OFFSET as scripts/kafka.mjs does,
 * so a test run can use a cluster of its own beside the shared default one.
 */
export const localKafkaPort = () => 9092 + Number(process.env.KAFKA_PORT_OFFSET ?? 0);

/** Is the local Kafka cluster (node 1) answering? */
export const kafkaRunning = () => portOpen(localKafkaPort());

/** The test clusters file, its brokers moved to the local cluster's port when KAFKA_PORT_OFFSET shifts it. */
function testClustersFile() {
  const fixture = path.join(root, 'test/fixtures/clusters.yaml');
  if (localKafkaPort() === 9092) return fixture;
  const file = path.join(os.tmpdir(), `riffle-test-clusters-${localKafkaPort()}.yaml`);
  // JMX exporters' and Connect workers' ports move with the cluster's (kafka.mjs: 9404 + offset; connect.mjs: REST 8083 + offset).
  const offset = localKafkaPort() - 9092;
  const text = fs
    .readFileSync(fixture, 'utf8')
    .replaceAll('127.0.0.1:9092', `127.0.0.1:${localKafkaPort()}`)
    .replaceAll('127.0.0.1:9404', `127.0.0.1:${9404 + offset}`)
    .replace(/http:\/\/127\.0\.0\.1:(808\d)/g, (_, port) => `http://127.0.0.1:${Number(port) + offset}`);
  fs.writeFileSync(file, text);
  return file;
}

const SOURCE_DIRS = ['app', 'components', 'lib', 'public'];
const SOURCE_FILES = ['next.config.js', 'package-lock.json', 'tsconfig.json', 'postcss.config.mjs', 'instrumentation.ts', 'instrumentation-node.ts', 'proxy.ts'];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** Builds the console unless .next is newer than every source file. */
export function ensureBuild(distDir = '.next') {
  const buildId = path.join(root, distDir, 'BUILD_ID');
  if (fs.existsSync(buildId)) {
    const built = fs.statSync(buildId).mtimeMs;
    const newest = Math.max(...SOURCE_DIRS.map((d) => newestMtime(path.join(root, d))), ...SOURCE_FILES.map((f) => newestMtime(path.join(root, f))));
    if (built > newest) return 0;
  }
  console.log('build: building the console (next build)');
  return run('npx', ['next', 'build'], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NEXT_DIST_DIR: distDir } });
}

/** Starts `next start` and resolves once it answers /api/health. */
export async function startServer({ port, host = '127.0.0.1', env = {}, logFile, distDir = '.next' }) {
  if (logFile) fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = logFile ? fs.openSync(logFile, 'a') : 'inherit';
  const child = spawn('npx', ['next', 'start', '-H', host, '-p', String(port)], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NEXT_DIST_DIR: distDir, HOST: host, PORT: String(port), ...env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}${logFile ? `; see ${logFile}` : ''}`);
    try {
      const res = await fetch(`http://${host}:${port}/api/health`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('next start did not answer within 60 s');
    await sleep(250);
  }
  return child;
}

/** Stops a detached child and its process group. */
export async function stopProcess(child, signal = 'SIGTERM', timeoutMs = 10_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
  const t = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, timeoutMs);
  await exited;
  // The group leader (npx) can exit before its children: wait for the whole group to be gone.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(-child.pid, 0);
    } catch {
      break; // no process left in the group
    }
    if (Date.now() > deadline) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
      break;
    }
    await sleep(100);
  }
  clearTimeout(t);
}

/**
 * Settings of every test server (test-all, serve-test, vitest's global setup): the test clusters
 * and the test users and tokens (test/helpers/credentials.ts). Mutations are rate-limited far
 * above what suites do, so parallel suites never see a 429 they didn't ask for.
 */
export function testServerEnv() {
  return {
    RIFFLE_CLUSTERS: testClustersFile(),
    RIFFLE_AUTH_FILE: path.join(root, 'test/fixtures/auth.yaml'),
    RIFFLE_MUTATION_RATE: '100000',
    // Every suite calls from 127.0.0.1: refused anonymous calls are all stored (test/auth checks the limit on its own server).
    RIFFLE_AUDIT_ANONYMOUS_PER_MINUTE: '100000',
    // Lag history fills in seconds rather than a minute, so journeys that chart it stay short.
    RIFFLE_LAG_SAMPLE_MS: '2000',
    // Broker metrics scraped every 2 s, so the charts' tests see a produce burst in seconds.
    RIFFLE_METRICS_SCRAPE_MS: '2000',
    // The topics list's index (issue 23) at most 1 s old, read again past that: a topic a test
    // makes with kcat or its own admin shows in the list as quickly as before the index.
    RIFFLE_TOPIC_INDEX_MAX_AGE_MS: '1000',
    RIFFLE_TOPIC_INDEX_MAX_STALE_MS: '1000',
    // Known only so test/auth can forge expired sessions with the real key; never reuse.
    RIFFLE_SESSION_SECRET: 'riffle-test-session-secret-not-for-production-use',
  };
}
