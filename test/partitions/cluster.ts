import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The partition-operations suite's own 3-node cluster (racks rack-1..3), so moving replicas
 * and bouncing brokers never touches the default cluster on 9092 nor the fault suite's (5000).
 * PARTITIONS_PORT_OFFSET moves it (default 7000: node 1 at 16092).
 */
export const root = path.resolve(__dirname, '../..');
export const PORT_OFFSET = process.env.PARTITIONS_PORT_OFFSET ?? '7000';
const first = 9092 + Number(PORT_OFFSET);
export const BROKERS = [first, first + 1, first + 2].map((p) => `127.0.0.1:${p}`);
export const BOOTSTRAP = BROKERS.join(',');

const run = promisify(execFile);
const script = path.join(root, 'scripts/kafka.mjs');
const env = () => ({ ...process.env, KAFKA_NODES: '3', KAFKA_PORT_OFFSET: PORT_OFFSET });

export async function kafkaScript(...args: string[]): Promise<string> {
  const { stdout } = await run('node', [script, ...args], { env: env(), timeout: 150_000 });
  return stdout;
}

const version = /<kafka\.version>([^<]+)</.exec(fs.readFileSync(path.join(root, 'kafka/pom.xml'), 'utf8'))![1];
const classpath = path.join(root, '.cache', `kafka-${version}`, 'libs', '*');

/**
 * One of Kafka's command-line tools (the classes kafka-*.sh run), tuned to start fast: a tool
 * runs for a second, and the JIT's top tier and a parallel GC only slow its start (-40% here).
 */
export async function kafkaToolAsync(mainClass: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('java', ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', classpath, mainClass, ...args], { timeout: 90_000, maxBuffer: 64 << 20 });
    return stdout;
  } catch (err) {
    throw new Error(`${mainClass} ${args.join(' ')} failed: ${(err as Error).message}`);
  }
}

const TOPICS = 'org.apache.kafka.tools.TopicCommand';
const CONFIGS = 'org.apache.kafka.tools.ConfigCommand';

export interface ToolPartition {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

const ids = (s: string | undefined) => (s ? s.split(',').filter(Boolean).map(Number) : []);

/** kafka-topics.sh --describe, parsed: partition → leader, replicas (in order), ISR. */
export async function toolDescribe(topic: string): Promise<ToolPartition[]> {
  const out = await kafkaToolAsync(TOPICS, ['--bootstrap-server', BOOTSTRAP, '--describe', '--topic', topic]);
  const rows: ToolPartition[] = [];
  for (const line of out.split('\n')) {
    const m = /Partition: (\d+)\s+Leader: (-?\d+|none)\s+Replicas: ([\d,]*)\s+Isr: ([\d,]*)/.exec(line);
    if (m) rows.push({ partition: Number(m[1]), leader: m[2] === 'none' ? -1 : Number(m[2]), replicas: ids(m[3]), isr: ids(m[4]) });
  }
  return rows.sort((a, b) => a.partition - b.partition);
}

export async function toolCreateTopic(topic: string, partitions: number, rf: number, assignment?: number[][]): Promise<void> {
  const args = ['--bootstrap-server', BOOTSTRAP, '--create', '--topic', topic];
  if (assignment) args.push('--replica-assignment', assignment.map((r) => r.join(':')).join(','));
  else args.push('--partitions', String(partitions), '--replication-factor', String(rf));
  await kafkaToolAsync(TOPICS, args);
}

/**
 * kafka-configs.sh --describe for a broker (or the cluster-wide default) or a topic: the
 * dynamic configs it lists, name → value.
 */
export async function toolDynamicConfigs(entity: { broker: number | 'default' } | { topic: string }): Promise<Map<string, string>> {
  const args = ['--bootstrap-server', BOOTSTRAP, '--describe'];
  if ('topic' in entity) args.push('--entity-type', 'topics', '--entity-name', entity.topic);
  else if (entity.broker === 'default') args.push('--entity-type', 'brokers', '--entity-default');
  else args.push('--entity-type', 'brokers', '--entity-name', String(entity.broker));
  return parseConfigs(await kafkaToolAsync(CONFIGS, args)).values().next().value ?? new Map();
}

/** kafka-configs.sh --describe --entity-type brokers: every broker's dynamic configs in one run (a JVM start is seconds). */
export async function toolAllBrokerConfigs(): Promise<Map<string, Map<string, string>>> {
  return parseConfigs(await kafkaToolAsync(CONFIGS, ['--bootstrap-server', BOOTSTRAP, '--describe', '--entity-type', 'brokers']));
}

/** "Dynamic configs for broker 1 are:" / "Default configs for brokers…" / "Dynamic configs for topic t are:" blocks: entity → name → value. */
function parseConfigs(out: string): Map<string, Map<string, string>> {
  const all = new Map<string, Map<string, string>>();
  let current = new Map<string, string>();
  for (const line of out.split('\n')) {
    const head = /^(?:Dynamic|Default) configs for (?:broker|topic|brokers in the cluster) ?(\S*) are:/.exec(line);
    if (head) {
      current = new Map();
      all.set(head[1] || 'default', current);
      continue;
    }
    const m = /^\s+([a-z0-9._-]+)=(.*?) sensitive=(?:true|false) synonyms=/.exec(line);
    if (m) current.set(m[1]!, m[2]!);
  }
  return all;
}

/** kcat -L: partition → leader and replicas, from librdkafka. */
export async function kcatLayout(topic: string): Promise<ToolPartition[]> {
  const { stdout } = await run('kcat', ['-b', BOOTSTRAP, '-L', '-J', '-t', topic], { timeout: 30_000 });
  const md = JSON.parse(stdout) as { topics: { topic: string; partitions: { partition: number; leader: number; replicas: { id: number }[]; isrs: { id: number }[] }[] }[] };
  const t = md.topics.find((x) => x.topic === topic)!;
  return t.partitions
    .map((p) => ({ partition: p.partition, leader: p.leader, replicas: p.replicas.map((r) => r.id), isr: p.isrs.map((r) => r.id) }))
    .sort((a, b) => a.partition - b.partition);
}

/** Writes `count` records of `size` bytes each with kcat (acks=all): kcat exits non-zero if any fails. */
export async function kcatFill(topic: string, count: number, size = 1000, keyed = false): Promise<void> {
  const line = 'x'.repeat(size - 8);
  // `keyed` spreads the records over every partition: without keys librdkafka's sticky
  // partitioner can put a whole fill in one partition (then a plan's moves may carry 0 bytes)
  const input = Array.from({ length: count }, (_, i) => `${keyed ? `k${i}:` : ''}${String(i).padStart(7, '0')}${line}`).join('\n') + '\n';
  await new Promise<void>((resolve, reject) => {
    const child = execFile('kcat', ['-b', BOOTSTRAP, '-P', '-t', topic, ...(keyed ? ['-K', ':'] : []), '-X', 'acks=all', '-X', 'linger.ms=20'], { timeout: 60_000 }, (err) => (err ? reject(err) : resolve()));
    child.stdin!.end(input);
  });
}

/** Until every replica of every partition is in the ISR. */
export async function waitForFullIsr(topic: string, timeoutMs = 90_000): Promise<ToolPartition[]> {
  return waitUntil(
    async () => {
      const layout = await kcatLayout(topic);
      return layout.every((p) => p.leader >= 0 && p.isr.length === p.replicas.length) && layout;
    },
    timeoutMs,
    `every replica of ${topic} in sync`,
  );
}

/** Polls fn until it answers something truthy (errors count as not yet). */
export async function waitUntil<T>(fn: () => Promise<T | false | null | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(500);
  }
}

export async function toolDeleteTopics(topics: string[]): Promise<void> {
  for (const t of topics) await kafkaToolAsync(TOPICS, ['--bootstrap-server', BOOTSTRAP, '--delete', '--topic', t]).catch(() => {});
}

/** The console-server settings of this suite: both test clusters, the test users, no lag sampler (its group would create an RF-3 __consumer_offsets that no broker of three could be drained of). */
export function clustersFile(dir: string): string {
  const file = path.join(dir, `riffle-partitions-clusters-${PORT_OFFSET}.yaml`);
  fs.writeFileSync(
    file,
    `clusters:\n  - id: local\n    name: partitions\n    brokers: [${BROKERS.join(', ')}]\n  - id: local-ro\n    name: partitions (read-only)\n    brokers: [${BROKERS.join(', ')}]\n    readOnly: true\n`,
  );
  return file;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
