import 'server-only';
import { Kafka, logLevel, type Admin, type KafkaConfig, type logCreator, type SASLOptions } from 'kafkajs';
import type { ClusterConfig } from '../config';
// snappy, lz4 and zstd next to KafkaJS's gzip, for every client built from here
import './codecs';
import { clusterConfig } from '../clusters';

// KafkaJS logs every failed reconnect; during an outage that is a line per broker per retry.
// Print each distinct message at most once a minute, so the log says what is wrong without
// drowning. Never log broker configs or credentials (KafkaJS doesn't put them in messages).
const lastLogged = new Map<string, number>();
const quietLogCreator: logCreator = () => ({ namespace, level, log }) => {
  if (level > logLevel.WARN) return;
  const key = `${namespace}:${log.message}`;
  const now = Date.now();
  if ((lastLogged.get(key) ?? 0) > now - 60_000) return;
  lastLogged.set(key, now);
  if (lastLogged.size > 500) lastLogged.clear();
  const label = level === logLevel.ERROR ? 'error' : 'warn';
  console.warn(`[kafkajs ${label}] ${namespace}: ${log.message}${log.error ? ` (${String(log.error)})` : ''}`);
};

// Brokers learned from metadata, per cluster. New connections may start from any of them, so
// losing the configured bootstrap broker (say, node 1 of 3) doesn't lose the cluster: KafkaJS
// only ever dials its seed list when it (re)builds a connection.
const g0 = globalThis as unknown as { riffleDiscovered?: Map<string, Set<string>> };
const discovered = (g0.riffleDiscovered ??= new Map());

/** Records brokers seen in metadata as extra seeds for the cluster's future connections. */
export function rememberBrokers(clusterId: string, brokers: { host: string; port: number }[]): void {
  if (brokers.length === 0) return;
  discovered.set(clusterId, new Set(brokers.map((b) => `${b.host}:${b.port}`)));
}

export function seedBrokers(cluster: ClusterConfig): string[] {
  return [...new Set([...cluster.brokers, ...(discovered.get(cluster.id) ?? [])])];
}

export function kafkaConfigFor(cluster: ClusterConfig, clientId = 'riffle-console'): KafkaConfig {
  const config: KafkaConfig = {
    clientId,
    brokers: async () => seedBrokers(cluster),
    logCreator: quietLogCreator,
    // Fail fast: a console answering "unreachable" in 3 s beats one that hangs for 30.
    connectionTimeout: 3_000,
    requestTimeout: 15_000,
    retry: { retries: 2, initialRetryTime: 150, maxRetryTime: 1_500 },
  };
  if (cluster.sasl) {
    config.sasl = {
      mechanism: cluster.sasl.mechanism,
      username: cluster.sasl.username,
      password: cluster.sasl.password,
    } as SASLOptions;
  }
  if (cluster.tls === true) config.ssl = true;
  else if (cluster.tls) config.ssl = { ...cluster.tls };
  return config;
}

interface ClusterClients {
  kafka: Kafka;
  admin?: Promise<Admin>;
}

// One client per cluster per process, kept on globalThis so dev-mode reloads reuse it.
const g = globalThis as unknown as { riffleKafka?: Map<string, ClusterClients> };
const clients = (g.riffleKafka ??= new Map());

export function kafkaFor(clusterId: string): Kafka {
  let entry = clients.get(clusterId);
  if (!entry) {
    entry = { kafka: new Kafka(kafkaConfigFor(clusterConfig(clusterId))) };
    clients.set(clusterId, entry);
  }
  return entry.kafka;
}

/** A connected admin client for the cluster, shared by every request. */
export async function adminFor(clusterId: string): Promise<Admin> {
  const kafka = kafkaFor(clusterId);
  const entry = clients.get(clusterId)!;
  if (!entry.admin) {
    const admin = kafka.admin({ retry: { retries: 2, initialRetryTime: 150, maxRetryTime: 1_500 } });
    entry.admin = admin.connect().then(
      () => admin,
      (err: unknown) => {
        entry.admin = undefined; // try afresh on the next request
        throw err;
      },
    );
  }
  return entry.admin;
}

/**
 * Runs fn with the cluster's admin. After a connection-level failure the admin is dropped and
 * rebuilt on the next call: KafkaJS can keep a dead socket's state after a broker restart.
 */
export async function withAdmin<T>(clusterId: string, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = await adminFor(clusterId);
  try {
    return await fn(admin);
  } catch (err) {
    const name = (err as { name?: string })?.name ?? '';
    if (/Connection|Retries|Timeout|BrokerNotFound/.test(name)) {
      const entry = clients.get(clusterId);
      if (entry?.admin) {
        entry.admin = undefined;
        admin.disconnect().catch(() => {});
      }
    }
    throw err;
  }
}
