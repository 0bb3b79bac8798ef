import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The fault suite's own 3-node cluster (ports 14092-14094, data in .data/kafka-5000), so
 * breaking it never touches the default cluster on 9092.
 */
export const root = path.resolve(__dirname, '../..');
export const PORT_OFFSET = '5000';
export const BROKERS = ['127.0.0.1:14092', '127.0.0.1:14093', '127.0.0.1:14094'];

const script = path.join(root, 'scripts/kafka.mjs');
const env = () => ({ ...process.env, KAFKA_NODES: '3', KAFKA_PORT_OFFSET: PORT_OFFSET });

export function kafka(...args: string[]): string {
  return execFileSync('node', [script, ...args], { env: env(), stdio: 'pipe', timeout: 150_000 }).toString();
}

/**
 * kafka() without blocking the test's event loop: a clean stop can take seconds, and meanwhile
 * the test's own clients (a tail, a producer) must go on reading and writing.
 */
export async function kafkaAsync(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('node', [script, ...args], { env: env(), timeout: 150_000 });
  return stdout;
}
