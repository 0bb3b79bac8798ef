import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { clusterId } from '@/lib/contracts/cluster';
import { singleton } from './singleton';

/**
 * Settings, parsed once with zod. A bad setting stops start-up with a message that names
 * the setting and what is wrong with it (ConfigError), never a stack trace deep in KafkaJS.
 */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    reason: string,
  ) {
    super(`${setting}: ${reason}`);
    this.name = 'ConfigError';
  }
}

const brokerAddress = z
  .string()
  .trim()
  .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'expected host:port');

const brokerList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
  z.array(brokerAddress).min(1, 'at least one host:port'),
);

const sasl = z
  .object({
    mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
    username: z.string().min(1),
    password: z.string().optional(),
    /** Name of an environment variable holding the password, so the file holds no secret. */
    passwordEnv: z.string().optional(),
    /** A file holding the password (e.g. the local secured cluster's .data/kafka/riffle.password). */
    passwordFile: z.string().optional(),
  })
  .strict()
  .refine((s) => s.password !== undefined || s.passwordEnv !== undefined || s.passwordFile !== undefined, {
    message: 'give password, passwordEnv or passwordFile',
    path: ['password'],
  });

const tls = z.union([
  z.boolean(),
  z
    .object({
      caFile: z.string().optional(),
      certFile: z.string().optional(),
      keyFile: z.string().optional(),
      rejectUnauthorized: z.boolean().default(true),
      servername: z.string().optional(),
    })
    .strict(),
]);

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

/** Where broker metrics come from (issue 20): exporters Riffle scrapes itself, or a Prometheus server it asks. */
const metricsSource = z
  .object({
    prometheusJmx: z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v), z.array(httpUrl).min(1, 'list at least one exporter URL')).optional(),
    prometheus: httpUrl.optional(),
  })
  .strict()
  .refine((m) => (m.prometheusJmx === undefined) !== (m.prometheus === undefined), { message: 'give prometheusJmx (exporter URLs) or prometheus (a server URL), one of the two' });
// A Kafka Connect cluster (issue 17): its REST URL, HTTP basic auth (the password from the
// environment or the file), TLS for https. The name is used in URLs, like a cluster id.
const connectEntry = z
  .object({
    name: clusterId,
    url: z
      .string()
      .trim()
      .regex(/^https?:\/\/[^/?#\s]+\/?$/, 'expected http(s)://host:port'),
    auth: z
      .object({ username: z.string().min(1), password: z.string().optional(), passwordEnv: z.string().optional() })
      .strict()
      .refine((a) => a.password !== undefined || a.passwordEnv !== undefined, { message: 'give password or passwordEnv', path: ['password'] })
      .optional(),
    tls: z.object({ caFile: z.string().optional(), rejectUnauthorized: z.boolean().default(true) }).strict().optional(),
  })
  .strict();

// A Confluent-compatible Schema Registry (issue 16): its REST URL, HTTP basic auth or a bearer
// token (the secret from the environment or the file, never in the browser), TLS for https.
const schemaRegistryEntry = z
  .object({
    url: z
      .string()
      .trim()
      .regex(/^https?:\/\/[^?#\s]+$/, 'expected http(s)://host:port[/path]'),
    auth: z
      .union([
        z
          .object({ username: z.string().min(1), password: z.string().optional(), passwordEnv: z.string().optional() })
          .strict()
          .refine((a) => a.password !== undefined || a.passwordEnv !== undefined, { message: 'give password or passwordEnv', path: ['password'] }),
        z
          .object({ token: z.string().optional(), tokenEnv: z.string().optional() })
          .strict()
          .refine((a) => a.token !== undefined || a.tokenEnv !== undefined, { message: 'give token or tokenEnv', path: ['token'] }),
      ])
      .optional(),
    tls: z.object({ caFile: z.string().optional(), rejectUnauthorized: z.boolean().default(true) }).strict().optional(),
  })
  .strict();

const clusterEntry = z
  .object({
    id: clusterId,
    name: z.string().min(1).max(100).optional(),
    brokers: brokerList,
    readOnly: z.boolean().default(false),
    sasl: sasl.optional(),
    tls: tls.optional(),
    metrics: metricsSource.optional(),
    connect: z
      .array(connectEntry)
      .refine((l) => new Set(l.map((c) => c.name)).size === l.length, 'Connect cluster names must be unique')
      .optional(),
    schemaRegistry: schemaRegistryEntry.optional(),
  })
  .strict();

const clustersFile = z
  .object({ clusters: z.array(clusterEntry).min(1, 'list at least one cluster') })
  .strict()
  .refine((f) => new Set(f.clusters.map((c) => c.id)).size === f.clusters.length, {
    message: 'cluster ids must be unique',
    path: ['clusters'],
  });

export interface ClusterConfig {
  id: string;
  name: string;
  brokers: string[];
  readOnly: boolean;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  tls?: { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean; servername?: string } | true;
  metrics?: MetricsSourceConfig;
  /** Kafka Connect clusters working with this Kafka cluster (issue 17). */
  connect: ConnectConfig[];
  /** The cluster's Schema Registry (issue 16), when it has one. */
  schemaRegistry?: SchemaRegistryConfig;
}

export interface SchemaRegistryConfig {
  /** REST base URL without a trailing slash. */
  url: string;
  auth?: { username: string; password: string } | { token: string };
  tls?: { ca?: string; rejectUnauthorized: boolean };
}

export interface ConnectConfig {
  name: string;
  /** REST base URL without a trailing slash. */
  url: string;
  auth?: { username: string; password: string };
  tls?: { ca?: string; rejectUnauthorized: boolean };
}

export type MetricsSourceConfig = { prometheusJmx: string[]; prometheus?: undefined } | { prometheus: string; prometheusJmx?: undefined };

// Settings that make a Java client load classes or JAAS login modules. Riffle's client is
// KafkaJS, which can't load either; refusing them loudly beats ignoring them quietly, and
// keeps a clusters file from ever becoming a way to run code (a known hole in other consoles).
const forbiddenKey = /(^|\.)(jaas|class|classes|sasl\.jaas\.config|login\.module)$|jaas|\.class(es)?$|callback\.handler/i;

function findForbiddenKey(value: unknown, at: string[] = []): string | null {
  if (!value || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    if (forbiddenKey.test(key)) return [...at, key].join('.');
    const nested = findForbiddenKey(child, [...at, key]);
    if (nested) return nested;
  }
  return null;
}

function readFileSetting(setting: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(setting, `cannot read ${file}: ${(err as Error).message}`);
  }
}

function zodReason(err: z.ZodError): { where: string; reason: string } {
  const issue = err.issues[0]!;
  return { where: issue.path.join('.'), reason: issue.message };
}

type Env = Record<string, string | undefined>;

function resolvePassword(setting: string, s: { password?: string; passwordEnv?: string; passwordFile?: string }, env: Env, baseDir = '.'): string {
  if (s.password !== undefined) return s.password;
  if (s.passwordFile !== undefined) return readFileSetting(`${setting}.passwordFile`, path.resolve(baseDir, s.passwordFile)).trim();
  const value = env[s.passwordEnv!];
  if (value === undefined) throw new ConfigError(setting, `environment variable ${s.passwordEnv} (passwordEnv) is not set`);
  return value;
}

function toClusterConfig(setting: string, entry: z.infer<typeof clusterEntry>, baseDir: string, env: Env): ClusterConfig {
  const config: ClusterConfig = {
    id: entry.id,
    name: entry.name ?? entry.id,
    brokers: entry.brokers,
    readOnly: entry.readOnly,
    connect: (entry.connect ?? []).map((c, i) => toConnectConfig(`${setting}.connect[${i}]`, c, baseDir, env)),
  };
  if (entry.schemaRegistry) config.schemaRegistry = toSchemaRegistryConfig(`${setting}.schemaRegistry`, entry.schemaRegistry, baseDir, env);
  if (entry.metrics) config.metrics = entry.metrics as MetricsSourceConfig;
  if (entry.sasl) {
    config.sasl = { mechanism: entry.sasl.mechanism, username: entry.sasl.username, password: resolvePassword(`${setting}.sasl`, entry.sasl, env, baseDir) };
  }
  if (entry.tls === true) config.tls = true;
  else if (entry.tls && typeof entry.tls === 'object') {
    const read = (key: string, file?: string) =>
      file ? readFileSetting(`${setting}.tls.${key}`, path.resolve(baseDir, file)) : undefined;
    config.tls = {
      ca: read('caFile', entry.tls.caFile),
      cert: read('certFile', entry.tls.certFile),
      key: read('keyFile', entry.tls.keyFile),
      rejectUnauthorized: entry.tls.rejectUnauthorized,
      servername: entry.tls.servername,
    };
  }
  return config;
}

function toConnectConfig(setting: string, c: z.infer<typeof connectEntry>, baseDir: string, env: Env): ConnectConfig {
  const out: ConnectConfig = { name: c.name, url: c.url.replace(/\/$/, '') };
  if (c.auth) out.auth = { username: c.auth.username, password: resolvePassword(`${setting}.auth`, c.auth, env) };
  if (c.tls) {
    out.tls = {
      ca: c.tls.caFile ? readFileSetting(`${setting}.tls.caFile`, path.resolve(baseDir, c.tls.caFile)) : undefined,
      rejectUnauthorized: c.tls.rejectUnauthorized,
    };
  }
  return out;
}

function toSchemaRegistryConfig(setting: string, r: z.infer<typeof schemaRegistryEntry>, baseDir: string, env: Env): SchemaRegistryConfig {
  const out: SchemaRegistryConfig = { url: r.url.replace(/\/$/, '') };
  if (r.auth && 'username' in r.auth) out.auth = { username: r.auth.username, password: resolvePassword(`${setting}.auth`, r.auth, env) };
  else if (r.auth) {
    const a = r.auth as { token?: string; tokenEnv?: string };
    const token = a.token ?? env[a.tokenEnv!];
    if (token === undefined) throw new ConfigError(`${setting}.auth`, `environment variable ${a.tokenEnv} (tokenEnv) is not set`);
    out.auth = { token };
  }
  if (r.tls) {
    out.tls = {
      ca: r.tls.caFile ? readFileSetting(`${setting}.tls.caFile`, path.resolve(baseDir, r.tls.caFile)) : undefined,
      rejectUnauthorized: r.tls.rejectUnauthorized,
    };
  }
  return out;
}

/** Parses the text of a RIFFLE_CLUSTERS file (JSON or YAML). Exported for tests. */
export function parseClustersFile(text: string, file = 'RIFFLE_CLUSTERS', baseDir = process.cwd(), env: Env = process.env): ClusterConfig[] {
  let raw: unknown;
  try {
    raw = parseYaml(text); // YAML is a superset of JSON, so one parser reads both
  } catch (err) {
    throw new ConfigError('RIFFLE_CLUSTERS', `${file} is neither valid JSON nor YAML: ${(err as Error).message}`);
  }
  const forbidden = findForbiddenKey(raw);
  if (forbidden) {
    throw new ConfigError(
      `RIFFLE_CLUSTERS (${forbidden})`,
      'class names and JAAS login modules are not accepted; use sasl.mechanism, sasl.username and sasl.password(Env)',
    );
  }
  const parsed = clustersFile.safeParse(raw);
  if (!parsed.success) {
    const { where, reason } = zodReason(parsed.error);
    throw new ConfigError(`RIFFLE_CLUSTERS (${file}${where ? `: ${where}` : ''})`, reason);
  }
  return parsed.data.clusters.map((c, i) => toClusterConfig(`RIFFLE_CLUSTERS.clusters[${i}]`, c, baseDir, env));
}

const envSchema = z.object({
  KAFKA_BROKERS: brokerList.default(['127.0.0.1:9092']),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  KAFKA_SASL_PASSWORD_FILE: z.string().optional(),
  KAFKA_TLS: z.enum(['true', 'false', '1', '0']).optional(),
  KAFKA_TLS_CA_FILE: z.string().optional(),
  KAFKA_READ_ONLY: z.enum(['true', 'false', '1', '0']).optional(),
  RIFFLE_CLUSTERS: z.string().optional(),
  CONNECT_URL: connectEntry.shape.url.optional(),
  CONNECT_USERNAME: z.string().optional(),
  CONNECT_PASSWORD: z.string().optional(),
  SCHEMA_REGISTRY_URL: z.union([z.literal('none'), schemaRegistryEntry.shape.url]).optional(),
  SCHEMA_REGISTRY_USERNAME: z.string().optional(),
  SCHEMA_REGISTRY_PASSWORD: z.string().optional(),
  SCHEMA_REGISTRY_TOKEN: z.string().optional(),
  SCHEMA_REGISTRY_CA_FILE: z.string().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'only postgres:// URLs are supported; leave it unset for the embedded SQLite database')
    .optional(),
  KAFKA_METRICS_JMX: z.string().optional(),
  KAFKA_METRICS_PROMETHEUS: z.string().optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
});

export interface Settings {
  clusters: ClusterConfig[];
  databaseUrl?: string;
  host: string;
  port: number;
}

/** Reads settings from an environment (process.env by default). Throws ConfigError. */
export function loadSettings(env: Record<string, string | undefined> = process.env): Settings {
  const blanked = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const parsed = envSchema.safeParse(blanked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  let clusters: ClusterConfig[];
  if (e.RIFFLE_CLUSTERS) {
    const file = path.resolve(e.RIFFLE_CLUSTERS);
    clusters = parseClustersFile(readFileSetting('RIFFLE_CLUSTERS', file), file, path.dirname(file), env);
  } else {
    const truthy = (v?: string) => v === 'true' || v === '1';
    const local: ClusterConfig = { id: 'local', name: 'local', brokers: e.KAFKA_BROKERS, readOnly: truthy(e.KAFKA_READ_ONLY), connect: [] };
    // CONNECT_URL names the default cluster's Connect worker; unset, the local stack's own
    // (npm run connect:up) when the cluster is the local one too.
    const connectUrl = e.CONNECT_URL ?? (blanked.KAFKA_BROKERS === undefined ? 'http://127.0.0.1:8083' : undefined);
    if (connectUrl) {
      local.connect.push({ name: 'local', url: connectUrl.replace(/\/$/, '') });
      if (e.CONNECT_USERNAME) local.connect[0]!.auth = { username: e.CONNECT_USERNAME, password: e.CONNECT_PASSWORD ?? '' };
    }
    // SCHEMA_REGISTRY_URL names the default cluster's registry; unset, the local one
    // (npm run registry:up) when the cluster is the local one too. "none" turns it off.
    const registryUrl = e.SCHEMA_REGISTRY_URL ?? (blanked.KAFKA_BROKERS === undefined ? 'http://127.0.0.1:8081' : undefined);
    if (registryUrl && registryUrl !== 'none') {
      const reg: SchemaRegistryConfig = { url: registryUrl.replace(/\/$/, '') };
      if (e.SCHEMA_REGISTRY_TOKEN) reg.auth = { token: e.SCHEMA_REGISTRY_TOKEN };
      else if (e.SCHEMA_REGISTRY_USERNAME) reg.auth = { username: e.SCHEMA_REGISTRY_USERNAME, password: e.SCHEMA_REGISTRY_PASSWORD ?? '' };
      if (e.SCHEMA_REGISTRY_CA_FILE) reg.tls = { ca: readFileSetting('SCHEMA_REGISTRY_CA_FILE', e.SCHEMA_REGISTRY_CA_FILE), rejectUnauthorized: true };
      local.schemaRegistry = reg;
    }
    if (e.KAFKA_SASL_MECHANISM) {
      if (!e.KAFKA_SASL_USERNAME) throw new ConfigError('KAFKA_SASL_USERNAME', 'required when KAFKA_SASL_MECHANISM is set');
      const password = e.KAFKA_SASL_PASSWORD ?? (e.KAFKA_SASL_PASSWORD_FILE ? readFileSetting('KAFKA_SASL_PASSWORD_FILE', e.KAFKA_SASL_PASSWORD_FILE).trim() : undefined);
      if (password === undefined) throw new ConfigError('KAFKA_SASL_PASSWORD', 'required when KAFKA_SASL_MECHANISM is set (or KAFKA_SASL_PASSWORD_FILE)');
      local.sasl = { mechanism: e.KAFKA_SASL_MECHANISM, username: e.KAFKA_SASL_USERNAME, password };
    }
    if (truthy(e.KAFKA_TLS) || e.KAFKA_TLS_CA_FILE) {
      local.tls = e.KAFKA_TLS_CA_FILE
        ? { ca: readFileSetting('KAFKA_TLS_CA_FILE', e.KAFKA_TLS_CA_FILE), rejectUnauthorized: true }
        : true;
    }
    local.metrics = defaultMetrics(e, blanked);
    clusters = [local];
  }
  return { clusters, databaseUrl: e.DATABASE_URL, host: e.HOST, port: e.PORT };
}

/**
 * The default cluster's metrics: KAFKA_METRICS_JMX (exporter URLs) or KAFKA_METRICS_PROMETHEUS;
 * with neither, the local cluster's first exporter when KAFKA_BROKERS is the local cluster too
 * (npm run kafka:up starts one beside each broker), so the demo shows charts out of the box.
 */
function defaultMetrics(e: z.infer<typeof envSchema>, env: Env): MetricsSourceConfig | undefined {
  const raw = e.KAFKA_METRICS_JMX !== undefined ? { prometheusJmx: e.KAFKA_METRICS_JMX } : e.KAFKA_METRICS_PROMETHEUS !== undefined ? { prometheus: e.KAFKA_METRICS_PROMETHEUS } : null;
  if (raw) {
    const parsed = metricsSource.safeParse(raw);
    if (!parsed.success) throw new ConfigError(e.KAFKA_METRICS_JMX !== undefined ? 'KAFKA_METRICS_JMX' : 'KAFKA_METRICS_PROMETHEUS', parsed.error.issues[0]!.message);
    return parsed.data as MetricsSourceConfig;
  }
  const local = env.KAFKA_BROKERS === undefined || e.KAFKA_BROKERS.join(',') === '127.0.0.1:9092';
  return local ? { prometheusJmx: ['http://127.0.0.1:9404/metrics'] } : undefined;
}

/** The process's settings, parsed on first use. */
export function settings(): Settings {
  return singleton('riffle:config', loadSettings);
}
