import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The fault suite's own 3-node cluster (ports 14092-14094, data in .data/kafka-5000), so
 * breaking it never touches the default cluster on 9092.
 */
export const root = path.resolve(__dirname, '../..');
export const PORT_OFFSET = '5000';
export const BROKERS = ['127.0.0.1:14092', '127.0.0.1:14093', '127.0.0.1:14094'];

export function kafka(...args: string[]): string {
  return execFileSync('node', [path.join(root, 'scripts/kafka.mjs'), ...args], {
    env: { ...process.env, KAFKA_NODES: '3', KAFKA_PORT_OFFSET: PORT_OFFSET },
    stdio: 'pipe',
    timeout: 150_000,
  }).toString();
}
