// The demo's Kafka Connect part: starts the local worker (scripts/connect.mjs) unless one runs,
// and creates (or updates) two connectors through the worker's REST API: a FileStream source
// reading the weather CSV into the topic connect.weather-csv, and a FileStream sink writing that
// topic back to .data/connect-demo/weather-copy.csv. Resolves to whether it started the worker.
import fs from 'node:fs';
import path from 'node:path';
import { portOpen, root, run } from './lib.mjs';

const restPort = Number(process.env.CONNECT_PORT ?? 8083 + Number(process.env.KAFKA_PORT_OFFSET ?? 0));
const url = `http://127.0.0.1:${restPort}`;
const TOPIC = 'connect.weather-csv';

async function put(name, config) {
  const res = await fetch(`${url}/connectors/${name}/config`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(config),
    signal: AbortSignal.timeout(60_000),
  });
  if (!res.ok) throw new Error(`PUT /connectors/${name}/config answered ${res.status}: ${await res.text()}`);
}

export async function startDemoConnect() {
  let started = false;
  if (!(await portOpen(restPort))) {
    if (run('node', ['scripts/connect.mjs', 'up']) !== 0) throw new Error('scripts/connect.mjs up failed');
    started = true;
  } else {
    console.log(`demo: a Kafka Connect worker already answers at ${url}; using it`);
  }
  const outDir = path.join(root, '.data', 'connect-demo');
  fs.mkdirSync(outDir, { recursive: true });
  await put('weather-csv-source', {
    'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector',
    file: path.join(root, 'data', 'weather', 'seattle-weather-hourly-normals.csv'),
    topic: TOPIC,
    'tasks.max': '1',
    // KIP-158: the worker creates the topic (the demo cluster does not auto-create topics).
    'topic.creation.default.partitions': '1',
    'topic.creation.default.replication.factor': '-1',
  });
  await put('weather-csv-sink', {
    'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
    file: path.join(outDir, 'weather-copy.csv'),
    topics: TOPIC,
    'tasks.max': '1',
  });
  console.log(`demo: Kafka Connect at ${url} runs weather-csv-source → ${TOPIC} → weather-csv-sink`);
  return started;
}
