#!/usr/bin/env node
// The demo's Kafka Streams application, in the foreground: Kafka's Streams library from Maven
// Central (kafka/streams-app/pom.xml, copied once into .cache/kafka-streams-<version>/libs) running
// kafka/streams-app/WordCount.java on the streams rebalance protocol (KIP-1071, group.protocol=streams).
// It counts the words of lines a small feeder writes to STREAMS_INPUT (default streams-text), one
// line a second from README.md, so the console's groups page has a live streams group, its tasks
// and its topology. Ctrl-C / SIGTERM stops both.
//   KAFKA_BROKERS (default 127.0.0.1:9092), STREAMS_APP_ID (default riffle-wordcount),
//   STREAMS_PROTOCOL=classic runs the same app on the classic protocol.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pom = path.join(root, 'kafka', 'streams-app', 'pom.xml');
const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(fs.readFileSync(pom, 'utf8'))[1];
const libsDir = path.join(root, '.cache', `kafka-streams-${version}`, 'libs');
const brokers = process.env.KAFKA_BROKERS || '127.0.0.1:9092';
const appId = process.env.STREAMS_APP_ID || 'riffle-wordcount';
const input = process.env.STREAMS_INPUT || 'streams-text';
const output = process.env.STREAMS_OUTPUT || 'streams-word-counts';
const protocol = process.env.STREAMS_PROTOCOL || 'streams';

function ensureJars() {
  const marker = path.join(libsDir, '.complete');
  if (fs.existsSync(marker)) return;
  console.log(`streams-app: fetching the Kafka Streams ${version} jars from Maven Central (first run only)`);
  fs.mkdirSync(libsDir, { recursive: true });
  const res = spawnSync('mvn', ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${libsDir}`, '-DincludeScope=runtime'], { stdio: 'inherit' });
  if (res.status !== 0) throw new Error('mvn dependency:copy-dependencies failed (see above)');
  fs.writeFileSync(marker, new Date().toISOString());
}

// `node scripts/streams-app.mjs jars`: fetch the jars only (the streams-group test does, on a fresh clone).
if (process.argv[2] === 'jars') {
  ensureJars();
  process.exit(0);
}

const { Admin, Producer, stringSerializers } = await import('@platformatic/kafka');
const bootstrapBrokers = brokers.split(',');

async function ensureTopics() {
  const admin = new Admin({ clientId: 'riffle-streams-app', bootstrapBrokers });
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [input, output].filter((t) => !existing.has(t));
    if (missing.length) await admin.createTopics({ topics: missing, partitions: 3, replicas: 1 });
  } finally {
    await admin.close();
  }
}

ensureJars();
await ensureTopics();
const app = spawn(
  'java',
  ['-Xmx384m', '-cp', `${libsDir}/*`, path.join(root, 'kafka', 'streams-app', 'WordCount.java'), `bootstrap.servers=${brokers}`, `application.id=${appId}`, `input=${input}`, `output=${output}`, `group.protocol=${protocol}`],
  { stdio: 'inherit' },
);

// One README line a second, keyed by line number so they spread over the partitions.
const lines = fs.readFileSync(path.join(root, 'README.md'), 'utf8').split('\n').filter((l) => /\w{3}/.test(l));
const producer = new Producer({ clientId: 'riffle-streams-feeder', bootstrapBrokers, serializers: stringSerializers });
let n = 0;
const feed = setInterval(() => {
  const i = n++ % lines.length;
  producer.send({ messages: [{ topic: input, key: String(i), value: lines[i] }] }).catch((err) => console.error(`streams-app: feeding ${input} failed: ${err.message}`));
}, 1_000);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  clearInterval(feed);
  await producer.close().catch(() => {});
  if (app.exitCode === null) app.kill('SIGTERM');
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
app.on('exit', (code) => {
  void stop().then(() => process.exit(code ?? 0));
});
