import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestAdmin } from '../../test/helpers/kafka-admin';

/**
 * The scale bench's big topic: `messages` JSON records of ~150 B over 6 partitions, written by
 * Kafka's own Java producer perf tool (kafka-producer-perf-test's class) from a payload file of
 * 1,000 distinct lines, so the fill is fast and independent of Riffle. The topic is kept on the
 * bench's own cluster between runs: a run that finds it full skips the fill.
 *
 * 1 line in 100 carries "needle-7" in its note; `temp` runs from -10 to 49, so `$.temp >= 48`
 * holds for 2 lines in 60. What matches is counted by the oracle (kcat | grep) in the same run.
 */
export const SEARCH_NEEDLE = 'needle-7';
export const SEARCH_WHERE = '$.temp >= 48';

export function payloadLines(n = 1000): string[] {
  const statuses = ['ok', 'ok', 'ok', 'warn', 'alarm'];
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      seq: i,
      station: `st-${String(i % 50).padStart(3, '0')}`,
      temp: ((i * 7) % 60) - 10,
      status: statuses[i % statuses.length],
      note: i % 100 === 7 ? `contains ${SEARCH_NEEDLE} once` : `reading ${i} within range, nothing to report`,
    }),
  );
}

export async function topicSize(admin: TestAdmin, topic: string): Promise<number | null> {
  const known = await admin.listTopics();
  if (!known.includes(topic)) return null;
  const parts = await admin.topicOffsets(topic);
  return parts.reduce((n, p) => n + (p.high - p.low), 0);
}

/** Creates and fills the topic unless it already holds `messages`; resolves with the fill's ms (0 when kept). */
export async function ensureFilled(root: string, brokers: string, topic: string, messages: number, log: (m: string) => void): Promise<number> {
  const admin = new TestAdmin('riffle-bench-scale-fill', brokers);
  try {
    const size = await topicSize(admin, topic);
    if (size !== null && size >= messages) {
      log(`${topic} holds ${size.toLocaleString('en-US')} messages: kept from an earlier run`);
      return 0;
    }
    if (size !== null) await admin.deleteTopics([topic]);
    await admin.createTopics([{ topic, numPartitions: 6, replicationFactor: 1 }]);
    const payloads = path.join(os.tmpdir(), `riffle-scale-payloads-${process.pid}.txt`);
    fs.writeFileSync(payloads, payloadLines().join('\n'));
    const libs = fs.readdirSync(path.join(root, '.cache')).find((d) => /^kafka-\d/.test(d));
    if (!libs) throw new Error('Kafka jars missing under .cache (run npm run kafka:up once)');
    const started = performance.now();
    log(`filling ${topic} with ${messages.toLocaleString('en-US')} messages (Java producer perf tool)`);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        'java',
        ['-Xmx512m', '-cp', `${path.join(root, '.cache', libs, 'libs')}/*`, 'org.apache.kafka.tools.ProducerPerformance',
          '--topic', topic, '--num-records', String(messages), '--throughput', '-1', '--payload-file', payloads,
          '--producer-props', `bootstrap.servers=${brokers}`, 'acks=1', 'linger.ms=50', 'batch.size=524288', 'compression.type=none'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let tail = '';
      child.stdout.on('data', (d: Buffer) => (tail = (tail + d.toString()).slice(-2000)));
      child.stderr.on('data', (d: Buffer) => (tail = (tail + d.toString()).slice(-2000)));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`producer perf tool exited ${code}: ${tail}`))));
    });
    fs.rmSync(payloads, { force: true });
    const ms = performance.now() - started;
    log(`filled in ${(ms / 1000).toFixed(0)} s`);
    return ms;
  } finally {
    await admin.close();
  }
}
