import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The secured local cluster the security suite runs on (KAFKA_SECURITY=sasl): its own ports and
 * data folder (SECURITY_PORT_OFFSET, default 8000: node 1 at 127.0.0.1:17092), beside the
 * default cluster. Its super user is `riffle`, whose password scripts/kafka.mjs generated.
 * SECURITY_NODES=3 runs it on three nodes (`npm run test:security-3`): SCRAM credentials and ACLs
 * then travel through the metadata log to brokers the console never spoke to.
 */
export const root = path.resolve(__dirname, '../..');
export const PORT_OFFSET = Number(process.env.SECURITY_PORT_OFFSET ?? 8000);
export const NODES = process.env.SECURITY_NODES === '3' ? 3 : 1;
export const BOOTSTRAP = `127.0.0.1:${9092 + PORT_OFFSET}`;
/** Each node's client listener: node N at 9091 + N + offset, as scripts/kafka.mjs places them. */
export const BROKERS = Array.from({ length: NODES }, (_, i) => `127.0.0.1:${9092 + i + PORT_OFFSET}`);
export const SUPER_USER = 'riffle';
export const passwordFile = path.join(root, '.data', `kafka-${PORT_OFFSET}`, `${SUPER_USER}.password`);
export const superUserPassword = () => fs.readFileSync(passwordFile, 'utf8').trim();

const env = () => ({ ...process.env, KAFKA_SECURITY: 'sasl', KAFKA_PORT_OFFSET: String(PORT_OFFSET), KAFKA_NODES: String(NODES) });

export function kafkaScript(...args: string[]): string {
  return execFileSync(process.execPath, [path.join(root, 'scripts/kafka.mjs'), ...args], { env: env(), encoding: 'utf8', timeout: 180_000 });
}

export function kafkaScriptAsync(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [path.join(root, 'scripts/kafka.mjs'), ...args], { env: env(), timeout: 180_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`kafka.mjs ${args.join(' ')}: ${err.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

/** The console server's settings for the secured cluster: the super user, its password by file. */
export function consoleKafkaEnv(): Record<string, string> {
  return {
    RIFFLE_CLUSTERS: '',
    KAFKA_BROKERS: BROKERS.join(','),
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: SUPER_USER,
    KAFKA_SASL_PASSWORD_FILE: passwordFile,
  };
}

/**
 * A Java client properties file for a principal (0600, in a private temp folder): how Kafka's
 * own tools authenticate. Removed by the caller.
 */
export function clientProperties(user: string, password: string, extra: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riffle-sasl-'));
  const file = path.join(dir, 'client.properties');
  const lines = [
    'security.protocol=SASL_PLAINTEXT',
    'sasl.mechanism=SCRAM-SHA-512',
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${user}" password="${password}";`,
    ...Object.entries(extra).map(([k, v]) => `${k}=${v}`),
  ];
  fs.writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}

export function removeProperties(file: string): void {
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
