import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const version = /<kafka\.version>([^<]+)</.exec(fs.readFileSync(path.join(root, 'kafka/pom.xml'), 'utf8'))![1];
const classpath = path.join(root, '.cache', `kafka-${version}`, 'libs', '*');

/** Runs one of Kafka's own command-line tools (the same classes kafka-*.sh run). */
export function kafkaTool(mainClass: string, args: string[]): string {
  return execFileSync('java', ['-Xmx256m', '-cp', classpath, mainClass, ...args], { timeout: 60_000, stdio: 'pipe' }).toString();
}

/**
 * The same, without blocking the test's event loop. A JVM tool takes seconds on a busy machine;
 * while execFileSync blocks, fetch never sees the console close its idle keep-alive socket,
 * and the next request on that socket fails with "other side closed".
 */
export function kafkaToolAsync(mainClass: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('java', ['-Xmx256m', '-cp', classpath, mainClass, ...args], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${mainClass} failed: ${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

export interface QuorumStatus {
  leaderId: number;
  leaderEpoch: number;
  voters: number[];
}

/** kafka-metadata-quorum.sh describe --status, parsed. */
export async function metadataQuorumStatus(bootstrap: string): Promise<QuorumStatus> {
  const out = await kafkaToolAsync('org.apache.kafka.tools.MetadataQuorumCommand', ['--bootstrap-server', bootstrap, 'describe', '--status']);
  const field = (name: string) => new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(out)?.[1] ?? '';
  const voters = JSON.parse(field('CurrentVoters')) as { id: number }[];
  return { leaderId: Number(field('LeaderId')), leaderEpoch: Number(field('LeaderEpoch')), voters: voters.map((v) => v.id).sort() };
}
