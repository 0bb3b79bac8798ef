import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BOOTSTRAP, clientProperties, removeProperties, root, SUPER_USER, superUserPassword } from './cluster';

/**
 * Kafka's own command-line tools (the classes kafka-acls.sh, kafka-configs.sh,
 * kafka-console-consumer.sh and kafka-producer-perf-test.sh run) against the secured cluster:
 * the oracle of the security suite. kcat can't be one here: Debian's librdkafka 2.0.2 fails
 * SCRAM against Kafka 4.x brokers (it repeats the client nonce in the final message, which
 * Kafka 4 checks strictly; fixed in librdkafka 2.6.1).
 */
const version = /<kafka\.version>([^<]+)</.exec(fs.readFileSync(path.join(root, 'kafka/pom.xml'), 'utf8'))![1];
const classpath = path.join(root, '.cache', `kafka-${version}`, 'libs', '*');

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

const DECIDED = /Authentication failed|SaslAuthenticationException|AuthorizationException|not authorized/i;
const TIMED_OUT = /TimeoutException|timed out/i;

/**
 * Runs a tool; a run that only timed out (no answer from the broker either way: a loaded machine)
 * goes again, up to three times. Authentication and authorization failures are answers, kept.
 */
export async function runTool(mainClass: string, args: string[], timeoutMs = 90_000): Promise<ToolResult> {
  let res = await runToolOnce(mainClass, args, timeoutMs);
  for (let i = 0; i < 2 && res.code !== 0 && TIMED_OUT.test(res.stdout + res.stderr) && !DECIDED.test(res.stdout + res.stderr); i++) {
    res = await runToolOnce(mainClass, args, timeoutMs);
  }
  return res;
}

function runToolOnce(mainClass: string, args: string[], timeoutMs: number): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(
      'java',
      ['-Xmx256m', '-XX:TieredStopAtLevel=1', `-Dlog4j2.configurationFile=${path.join(__dirname, 'tools-log4j2.properties')}`, '-cp', classpath, mainClass, ...args],
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, KAFKA_LOG4J_OPTS: '' } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// Generous client timeouts: on a loaded 2-core machine a JVM tool's first request can take long.
const PATIENT = { 'request.timeout.ms': '60000', 'default.api.timeout.ms': '120000' };

/** Runs a tool as a principal (SASL/SCRAM-SHA-512), with its own properties file. */
export async function asUser<T>(user: string, password: string, fn: (configFile: string) => Promise<T>, extra: Record<string, string> = {}): Promise<T> {
  const file = clientProperties(user, password, { ...PATIENT, ...extra });
  try {
    return await fn(file);
  } finally {
    removeProperties(file);
  }
}

export const asSuperUser = <T>(fn: (configFile: string) => Promise<T>) => asUser(SUPER_USER, superUserPassword(), fn);

/** kafka-acls.sh --list, as printed: one "(principal=..., host=..., operation=..., permissionType=...)" line per ACL, under its resource. */
export interface ToolAcl {
  resourceType: string;
  resourceName: string;
  patternType: string;
  principal: string;
  host: string;
  operation: string;
  permission: string;
}

export function parseAclList(out: string): ToolAcl[] {
  const acls: ToolAcl[] = [];
  let resource: { resourceType: string; resourceName: string; patternType: string } | null = null;
  for (const line of out.split('\n')) {
    const r = /ResourcePattern\(resourceType=(\w+), name=(.*), patternType=(\w+)\)/.exec(line);
    if (r) {
      resource = { resourceType: r[1]!, resourceName: r[2]!, patternType: r[3]! };
      continue;
    }
    const a = /\(principal=(.*), host=(.*), operation=(\w+), permissionType=(\w+)\)/.exec(line);
    if (a && resource) acls.push({ ...resource, principal: a[1]!, host: a[2]!, operation: a[3]!, permission: a[4]! });
  }
  return acls;
}

export async function aclCommandList(args: string[] = []): Promise<ToolAcl[]> {
  const res = await asSuperUser((cfg) => runTool('org.apache.kafka.tools.AclCommand', ['--bootstrap-server', BOOTSTRAP, '--command-config', cfg, '--list', ...args]));
  if (res.code !== 0) throw new Error(`AclCommand --list failed (${res.code}): ${res.stderr || res.stdout}`);
  return parseAclList(res.stdout);
}

/** kafka-configs.sh --describe --entity-type users --entity-name u (or --entity-default for null): the quotas it reports. */
export async function describeUserQuotas(user: string | null): Promise<Record<string, number>> {
  const entity = user === null ? ['--entity-default'] : ['--entity-name', user];
  const res = await asSuperUser((cfg) =>
    runTool('org.apache.kafka.tools.ConfigCommand', ['--bootstrap-server', BOOTSTRAP, '--command-config', cfg, '--describe', '--entity-type', 'users', ...entity]),
  );
  if (res.code !== 0) throw new Error(`ConfigCommand --describe failed (${res.code}): ${res.stderr || res.stdout}`);
  // "Quota configs for user-principal 'alice' are producer_byte_rate=102400.0, consumer_byte_rate=..."
  // (the default user: "Quota configs for the default user-principal are ...")
  const line = res.stdout.split('\n').find((l) => (user === null ? l.includes('default user-principal') : l.includes(`user-principal '${user}'`)) && l.includes(' are '));
  if (!line) return {};
  return Object.fromEntries(
    line
      .slice(line.indexOf(' are ') + 5)
      .split(',')
      .map((kv) => kv.trim().split('='))
      .filter((kv) => kv.length === 2)
      .map(([k, v]) => [k!, Number(v)]),
  );
}

/** kafka-broker-api-versions.sh as a user: 0 when the user authenticated. */
export function brokerApiVersionsAs(user: string, password: string): Promise<ToolResult> {
  return asUser(user, password, (cfg) => runTool('org.apache.kafka.tools.BrokerApiVersionsCommand', ['--bootstrap-server', BOOTSTRAP, '--command-config', cfg], 60_000));
}

/** kafka-console-consumer.sh as a user: reads up to n records from the beginning, gives up after timeoutMs. */
export function consumeAs(user: string, password: string, topic: string, group: string, n: number, timeoutMs = 15_000): Promise<ToolResult> {
  return asUser(user, password, (cfg) =>
    runTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
      '--bootstrap-server',
      BOOTSTRAP,
      '--command-config',
      cfg,
      '--topic',
      topic,
      '--group',
      group,
      '--from-beginning',
      '--max-messages',
      String(n),
      '--timeout-ms',
      String(timeoutMs),
    ]),
  );
}

/** kafka-producer-perf-test.sh as a user: n records of `size` bytes as fast as it may; returns its summary line's records/s and MB/s. */
export async function producerPerfAs(
  user: string,
  password: string,
  topic: string,
  n: number,
  size: number,
  clientId: string,
): Promise<{ result: ToolResult; recordsPerSec: number; bytesPerSec: number; throttleTimeMaxMs: number }> {
  const result = await asUser(user, password, (cfg) =>
    runTool(
      'org.apache.kafka.tools.ProducerPerformance',
      ['--topic', topic, '--num-records', String(n), '--record-size', String(size), '--throughput', '-1', '--producer.config', cfg, '--producer-props', `bootstrap.servers=${BOOTSTRAP}`, 'acks=1', `client.id=${clientId}`, 'linger.ms=5', 'batch.size=16384', '--print-metrics'],
      180_000,
    ),
  );
  // "1500 records sent, 98.7 records/sec (0.09 MB/sec), ..." every 5 s, and last the whole run's
  const m = [...result.stdout.matchAll(/(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\)/g)].at(-1);
  const recordsPerSec = m ? Number(m[2]) : NaN;
  // --print-metrics: "producer-metrics:produce-throttle-time-max:{client-id=perf}   : 1234.000", the broker's
  // throttle times as the producer received them in its answers
  const t = new RegExp(`producer-metrics:produce-throttle-time-max:\\{client-id=${clientId}\\}\\s*:\\s*([\\d.]+|NaN)`).exec(result.stdout);
  const throttleTimeMaxMs = t && t[1] !== 'NaN' ? Number(t[1]) : NaN;
  return { result, recordsPerSec, bytesPerSec: recordsPerSec * size, throttleTimeMaxMs };
}
