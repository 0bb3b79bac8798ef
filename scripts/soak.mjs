#!/usr/bin/env node
// `npm run soak`: the full demo for SOAK_MINUTES (default 30) on its own local cluster — demo
// producers, the weather pipeline, the console (lag sampler on) with SOAK_TAILS live tails
// (default 3) and a page's worth of polling — sampling every SOAK_SAMPLE_SECONDS (default 30)
// the server's RSS, V8 heap, open file descriptors, sockets (all, and those to the brokers),
// active handles, and the cluster's consumer groups. Writes bench/results/soak.json and
// docs/SOAK.md (every sample, first vs last, least-squares slope per hour).
//   SOAK_MINUTES=30 KAFKA_PORT_OFFSET=6000 KAFKA_NODES=1 PORT=3160 npm run soak
// The cluster it starts (offset 6000 unless KAFKA_PORT_OFFSET says otherwise) is stopped and
// its data removed at the end; a cluster already running at that offset is used and left alone.
import './ensure-node.mjs'; // first: under an older Node, re-runs this script under Node 24
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureBuild, freePort, portOpen, root, run, sleep, startServer, stopProcess, testServerEnv } from './lib.mjs';

const minutes = Number(process.env.SOAK_MINUTES ?? 30);
const sampleMs = Number(process.env.SOAK_SAMPLE_SECONDS ?? 30) * 1000;
const tailCount = Number(process.env.SOAK_TAILS ?? 3);
const offset = Number(process.env.KAFKA_PORT_OFFSET ?? 6000);
const nodes = process.env.KAFKA_NODES ?? '1';
const brokerPort = 9092 + offset;
const bootstrap = Array.from({ length: Number(nodes) }, (_, i) => `127.0.0.1:${brokerPort + i}`).join(',');
const token = 'rfl_test_admin_token_0123456789abcdef';
const auth = { authorization: `Bearer ${token}` };
const kafkaEnv = { ...process.env, KAFKA_PORT_OFFSET: String(offset), KAFKA_NODES: nodes };
const dataDir = path.join(root, '.data', `soak-${offset}`);
const probeDir = path.join(dataDir, 'probe');
const logDir = path.join(dataDir, 'logs');
const distDir = '.next-soak';
const warmupMs = Number(process.env.SOAK_WARMUP_SECONDS ?? 60) * 1000;

if (!(minutes > 0) || !(sampleMs >= 1000)) {
  console.error('soak: SOAK_MINUTES must be > 0 and SOAK_SAMPLE_SECONDS >= 1');
  process.exit(1);
}

const children = [];
let server;
let startedKafka = false;
let stopping = false;
const abort = new AbortController();

async function cleanup() {
  abort.abort();
  await stopProcess(server);
  for (const c of children.reverse()) await stopProcess(c);
  fs.rmSync(path.join(root, distDir), { recursive: true, force: true });
  if (startedKafka) {
    run('node', ['scripts/kafka.mjs', 'down'], { env: kafkaEnv });
    fs.rmSync(path.join(root, '.data', `kafka-${offset}`), { recursive: true, force: true });
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nsoak: interrupted; stopping what it started (no report written)');
    await cleanup();
    process.exit(130);
  });
}

function startHelper(name, script, env) {
  const out = fs.openSync(path.join(logDir, `${name}.log`), 'a');
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', script], {
    cwd: root,
    stdio: ['ignore', out, out],
    detached: true,
    env: { ...process.env, KAFKA_BROKERS: bootstrap, ...env },
  });
  children.push(child);
  return child;
}

/** The processes of a process group, from /proc: pid, RSS (bytes), fd count, sockets. */
function groupProcesses(pgid) {
  const out = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue; // field 5 of stat: the process group
      const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
      const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
      const fds = fs.readdirSync(`/proc/${entry}/fd`);
      const sockets = new Set();
      for (const fd of fds) {
        try {
          const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${entry}/fd/${fd}`));
          if (m) sockets.add(m[1]);
        } catch {
          // closed meanwhile
        }
      }
      out.push({ pid: Number(entry), rss, fds: fds.length, sockets });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** Established TCP connections (by socket inode) whose remote port is one of `ports`. */
function socketsTo(inodes, ports) {
  let n = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const remPort = parseInt(f[2].split(':')[1], 16);
      if (f[3] === '01' && ports.includes(remPort) && inodes.has(f[9])) n++;
    }
  }
  return n;
}

/** One live tail, reconnecting with Last-Event-ID; counts messages and checks offsets run on. */
function tail(baseUrl, topic, stats) {
  let lastId = null;
  const next = new Map();
  const loop = async () => {
    while (!abort.signal.aborted) {
      try {
        const url = `${baseUrl}/api/clusters/local/topics/${encodeURIComponent(topic)}/live?from=latest`;
        const res = await fetch(url, { headers: { accept: 'text/event-stream', ...auth, ...(lastId ? { 'last-event-id': lastId } : {}) }, signal: abort.signal });
        if (!res.ok || !res.body) throw new Error(`answered ${res.status}`);
        stats.connects++;
        const decoder = new TextDecoder();
        let buf = '';
        for await (const chunk of res.body) {
          buf += decoder.decode(chunk, { stream: true });
          let cut;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            if (block.startsWith(':')) continue;
            let event = 'message';
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('id: ')) lastId = line.slice(4);
              else if (line.startsWith('data: ')) data += line.slice(6);
            }
            if (event === 'messages') {
              // the live wire form (lib/contracts/live-batch.ts): [topic index, partition, offset, ...]
              for (const [, partition, offset] of JSON.parse(data).messages) {
                const want = next.get(partition);
                if (want !== undefined && offset < want) stats.duplicates++;
                else if (want !== undefined && offset > want) stats.gaps++;
                next.set(partition, offset + 1);
                stats.messages++;
              }
            } else if (event === 'dropped') stats.dropped += JSON.parse(data).count;
            else if (event === 'failure' || event === 'status') stats.other[event] = (stats.other[event] ?? 0) + 1;
          }
        }
      } catch (err) {
        if (abort.signal.aborted) return;
        stats.errors++;
        stats.lastError = err.message;
      }
      await sleep(1000);
    }
  };
  return loop();
}

/** Polls what an open overview and consumer-groups page would, every few seconds. */
async function pagePoller(baseUrl, stats) {
  const paths = ['/api/clusters/local', '/api/clusters/local/consumer-groups', '/api/clusters/local/topics', '/api/health'];
  let i = 0;
  while (!abort.signal.aborted) {
    const p = paths[i++ % paths.length];
    try {
      const res = await fetch(`${baseUrl}${p}`, { headers: auth, signal: abort.signal });
      await res.arrayBuffer();
      if (res.ok) stats.ok++;
      else stats.failed++;
    } catch {
      if (abort.signal.aborted) return;
      stats.failed++;
    }
    await sleep(1500);
  }
}

function slopePerHour(points) {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 3_600_000;
}

const MB = 1024 * 1024;
const METRICS = [
  ['rssMB', 'server RSS (MB)', 1],
  ['heapUsedMB', 'V8 heap used (MB)', 1],
  ['heapTotalMB', 'V8 heap total (MB)', 1],
  ['externalMB', 'external + array buffers (MB)', 1],
  ['fds', 'open file descriptors', 0],
  ['sockets', 'sockets (all)', 0],
  ['kafkaSockets', 'TCP connections to the brokers', 0],
  ['handles', 'active handles (process.getActiveResourcesInfo)', 0],
  ['groups', 'consumer groups on the cluster', 0],
  ['tailMessages', 'tail messages received (cumulative)', 0],
];

function report(samples, meta) {
  const rows = METRICS.map(([key, label, digits]) => {
    const pts = samples.filter((s) => s[key] !== null && s[key] !== undefined).map((s) => [s.t, s[key]]);
    const half = pts.filter(([t]) => t >= pts[pts.length - 1]?.[0] / 2);
    const vals = pts.map(([, v]) => v);
    return {
      key,
      label,
      first: vals[0] ?? null,
      last: vals[vals.length - 1] ?? null,
      min: vals.length ? Math.min(...vals) : null,
      max: vals.length ? Math.max(...vals) : null,
      slopePerHour: Number(slopePerHour(pts).toFixed(digits + 1)),
      secondHalfSlopePerHour: Number(slopePerHour(half).toFixed(digits + 1)),
      digits,
    };
  });
  const fmt = (v, d) => (v === null ? '–' : Number(v).toFixed(d));
  const md = [];
  md.push('# Soak: the full demo under a steady load');
  md.push('');
  md.push(`Generated by \`npm run soak\` (scripts/soak.mjs) on ${meta.finishedAt}. Reproduce:`);
  md.push('');
  md.push('```');
  md.push(`SOAK_MINUTES=${meta.minutes} SOAK_TAILS=${meta.tails} KAFKA_PORT_OFFSET=${meta.offset} KAFKA_NODES=${meta.nodes} npm run soak`);
  md.push('```');
  md.push('');
  md.push(
    `What ran for ${meta.minutes} min: a ${meta.nodes}-node local cluster (brokers ${meta.bootstrap}); the demo producers ` +
      `(lib/demo/run-demo-data.ts, ${meta.demoTopics} topics); the weather pipeline (producer, processor, DB writer, lib/pipeline/run.ts); ` +
      `the production build of the console with the lag sampler every ${meta.lagSampleMs / 1000} s; ${meta.tails} live tails ` +
      `(SSE, from latest, reconnecting with Last-Event-ID) on ${meta.tailTopics.join(', ')}; and a poller requesting the overview, ` +
      `consumer groups, topics and health every 1.5 s in turn (what an open page does). Sampled every ${meta.sampleSeconds} s ` +
      `(${samples.length} samples) after a ${meta.warmupSeconds} s warm-up. The server figures are those of the \`next start\` process: RSS and file descriptors from /proc, ` +
      `heap and active handles from inside the process (scripts/soak-probe.mjs, preloaded with NODE_OPTIONS); broker connections are ` +
      `its established TCP sockets to the broker ports; consumer groups are counted with the Kafka admin API.`,
  );
  md.push('');
  md.push('| figure | first | last | min | max | slope / hour (all) | slope / hour (second half) |');
  md.push('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) md.push(`| ${r.label} | ${fmt(r.first, r.digits)} | ${fmt(r.last, r.digits)} | ${fmt(r.min, r.digits)} | ${fmt(r.max, r.digits)} | ${fmt(r.slopePerHour, r.digits + 1)} | ${fmt(r.secondHalfSlopePerHour, r.digits + 1)} |`);
  md.push('');
  md.push(
    'Live tails: ' +
      meta.tailStats.map((s) => `${s.topic}: ${s.messages} messages, ${s.connects} connection(s), ${s.gaps} offset jumps, ${s.duplicates} duplicates, ${s.dropped} dropped, ${s.errors} errors`).join('; ') +
      '. (Offset jumps are expected on weather.processed only: the processor writes it in transactions, and each commit marker takes an offset; anywhere else a jump is a gap.)',
  );
  md.push(`Page poller: ${meta.poller.ok} answers, ${meta.poller.failed} failures.`);
  md.push('');
  md.push('## Samples');
  md.push('');
  md.push('| min | RSS MB | heap used MB | heap total MB | fds | sockets | broker conns | handles | groups | tail msgs |');
  md.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of samples) {
    md.push(`| ${(s.t / 60000).toFixed(1)} | ${fmt(s.rssMB, 1)} | ${fmt(s.heapUsedMB, 1)} | ${fmt(s.heapTotalMB, 1)} | ${s.fds} | ${s.sockets} | ${s.kafkaSockets} | ${s.handles ?? '–'} | ${s.groups ?? '–'} | ${s.tailMessages} |`);
  }
  md.push('');
  return { rows, md: md.join('\n') };
}

async function main() {
  ensureDeps();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(probeDir, { recursive: true });
  fs.mkdirSync(logDir, { recursive: true });
  if (!(await portOpen(brokerPort))) {
    if (run('node', ['scripts/kafka.mjs', 'up'], { env: kafkaEnv }) !== 0) throw new Error('could not start the soak cluster');
    startedKafka = true;
  }
  startHelper('demo-data', 'lib/demo/run-demo-data.ts', {});
  startHelper('pipeline', 'lib/pipeline/run.ts', { WEATHER_SQLITE_FILE: path.join(dataDir, 'weather.db'), WEATHER_LOOP: '1' });
  if (ensureBuild() !== 0) throw new Error('next build failed');
  // Serve a copy of the build: a test run rebuilding .next meanwhile must not pull it from under the soak.
  fs.rmSync(path.join(root, distDir), { recursive: true, force: true });
  fs.cpSync(path.join(root, '.next'), path.join(root, distDir), { recursive: true });
  const port = Number(process.env.PORT) || (await freePort());
  const lagSampleMs = 2000;
  server = await startServer({
    port,
    distDir,
    logFile: path.join(logDir, 'console.log'),
    env: {
      ...testServerEnv(),
      RIFFLE_CLUSTERS: '',
      KAFKA_BROKERS: bootstrap,
      RIFFLE_LAG_SAMPLE_MS: String(lagSampleMs),
      RIFFLE_MAX_STREAMS_PER_USER: '1000',
      RIFFLE_SOAK_PROBE_DIR: probeDir,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${pathToFileURL(path.join(root, 'scripts', 'soak-probe.mjs')).href}`.trim(),
    },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  console.log(`soak: console at ${baseUrl}, cluster ${bootstrap}, ${minutes} min, logs in ${path.relative(root, logDir)}`);

  const { Admin } = await import('@platformatic/kafka');
  const admin = new Admin({ clientId: 'riffle-soak', bootstrapBrokers: bootstrap.split(','), retries: 3, retryDelay: 500 });
  const wanted = ['weather.raw', 'weather.processed', 'demo.car-gps.json', 'demo.events.text', 'demo.room-temperature.number'];
  let topics = [];
  for (let i = 0; i < 120; i++) {
    const have = new Set(await admin.listTopics());
    topics = wanted.filter((t) => have.has(t));
    if (topics.length >= Math.min(tailCount, wanted.length) && have.has('weather.raw')) break;
    await sleep(1000);
  }
  const tailTopics = Array.from({ length: tailCount }, (_, i) => topics[i % topics.length]);
  const tailStats = tailTopics.map((topic) => ({ topic, messages: 0, connects: 0, gaps: 0, duplicates: 0, dropped: 0, errors: 0, lastError: null, other: {} }));
  const tails = tailStats.map((s) => tail(baseUrl, s.topic, s));
  const poller = { ok: 0, failed: 0 };
  const polling = pagePoller(baseUrl, poller);

  // Measure the steady state: the first sample follows a warm-up (tails connected, pipeline running).
  await sleep(warmupMs);
  const started = Date.now();
  const samples = [];
  const serverProcess = () => {
    const procs = groupProcesses(server.pid);
    return procs.sort((a, b) => b.rss - a.rss)[0];
  };
  const brokerPorts = bootstrap.split(',').map((b) => Number(b.split(':')[1]));
  for (;;) {
    const t = Date.now() - started;
    const proc = serverProcess();
    let probe = null;
    try {
      probe = JSON.parse(fs.readFileSync(path.join(probeDir, `${proc.pid}.json`), 'utf8'));
    } catch {
      // not written yet
    }
    const groups = await admin.listGroups().then((r) => r.size).catch(() => null);
    const s = {
      t,
      at: new Date().toISOString(),
      pid: proc.pid,
      rssMB: proc.rss / MB,
      heapUsedMB: probe ? probe.heapUsed / MB : null,
      heapTotalMB: probe ? probe.heapTotal / MB : null,
      externalMB: probe ? (probe.external + probe.arrayBuffers) / MB : null,
      fds: proc.fds,
      sockets: proc.sockets.size,
      kafkaSockets: socketsTo(proc.sockets, brokerPorts),
      handles: probe ? Object.values(probe.resources).reduce((a, b) => a + b, 0) : null,
      resources: probe?.resources ?? null,
      groups,
      tailMessages: tailStats.reduce((a, x) => a + x.messages, 0),
    };
    samples.push(s);
    console.log(
      `soak: ${(t / 60000).toFixed(1)} min  rss ${s.rssMB.toFixed(1)} MB  heap ${s.heapUsedMB?.toFixed(1) ?? '?'} MB  fds ${s.fds}  sockets ${s.sockets} (${s.kafkaSockets} to brokers)  handles ${s.handles ?? '?'}  groups ${groups ?? '?'}  tail msgs ${s.tailMessages}`,
    );
    if (t >= minutes * 60_000) break;
    await sleep(Math.min(sampleMs, minutes * 60_000 - t + 50));
  }
  abort.abort();
  await Promise.allSettled([...tails, polling]);
  await admin.close().catch(() => {});

  const meta = {
    finishedAt: new Date().toISOString(),
    minutes,
    sampleSeconds: sampleMs / 1000,
    tails: tailCount,
    offset,
    nodes,
    bootstrap,
    lagSampleMs,
    warmupSeconds: warmupMs / 1000,
    demoTopics: 8,
    tailTopics,
    tailStats,
    poller,
  };
  const { rows, md } = report(samples, meta);
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'soak.json'), JSON.stringify({ ...meta, summary: rows, samples }, null, 2));
  // A hand-written "## Notes" section (reading of the figures) survives a new run; revise it by hand.
  const docFile = path.join(root, 'docs', 'SOAK.md');
  const previous = fs.existsSync(docFile) ? fs.readFileSync(docFile, 'utf8') : '';
  const notes = previous.indexOf('\n## Notes');
  fs.writeFileSync(docFile, notes >= 0 ? `${md}${previous.slice(notes)}` : md);
  console.log(`\n${md.split('## Samples')[0]}`);
  console.log('soak: wrote docs/SOAK.md and bench/results/soak.json');
}

let code = 0;
try {
  await main();
} catch (err) {
  console.error(`soak: ${err.stack ?? err.message}`);
  code = 1;
} finally {
  if (!stopping) await cleanup();
}
process.exit(code);
