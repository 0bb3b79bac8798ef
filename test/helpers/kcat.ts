import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const BOOTSTRAP = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';

/** kcat is an independent Kafka client (librdkafka): what it reports is the cross-check. */
export async function kcat(args: string[], input?: string | Buffer): Promise<string> {
  if (input === undefined) {
    const { stdout } = await run('kcat', ['-b', BOOTSTRAP, ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
    return stdout;
  }
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', ['-b', BOOTSTRAP, ...args]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`kcat exited ${code}: ${err}`))));
    child.stdin.end(input);
  });
}

export interface KcatMetadata {
  originating_broker: { id: number; name: string };
  brokers: { id: number; name: string }[];
  topics: { topic: string; partitions: { partition: number; leader: number; replicas: { id: number }[]; isrs: { id: number }[] }[] }[];
}

export async function kcatMetadata(topic?: string): Promise<KcatMetadata> {
  return JSON.parse(await kcat(['-L', '-J', ...(topic ? ['-t', topic] : [])])) as KcatMetadata;
}
