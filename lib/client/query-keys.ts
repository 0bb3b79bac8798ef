import type { ClusterId } from '@/lib/contracts/cluster';

// Query keys from general to specific, all scoped by cluster (CONVENTIONS.md #5).
export const healthKeys = {
  all: ['health'] as const,
};

export const clusterKeys = {
  list: ['clusters'] as const,
  detail: (c: ClusterId) => ['clusters', c] as const,
  overview: (c: ClusterId) => [...clusterKeys.detail(c), 'overview'] as const,
};

// Access control and audit (issue 7)
export const authKeys = {
  me: ['auth', 'me'] as const,
  tokens: ['auth', 'tokens'] as const,
};

export const auditKeys = {
  all: (c: ClusterId) => ['clusters', c, 'audit'] as const,
  list: (c: ClusterId, filters: Record<string, string | undefined>) => [...auditKeys.all(c), filters] as const,
};

// Brokers and topics (issue 3). Lists and details are siblings, so a config change on one topic
// refreshes that topic without refetching every list page.
export const brokerKeys = {
  all: (c: ClusterId) => [...clusterKeys.detail(c), 'brokers'] as const,
  list: (c: ClusterId) => [...brokerKeys.all(c), 'list'] as const,
  detail: (c: ClusterId, id: number) => [...brokerKeys.all(c), 'detail', id] as const,
};

export const topicKeys = {
  all: (c: ClusterId) => [...clusterKeys.detail(c), 'topics'] as const,
  lists: (c: ClusterId) => [...topicKeys.all(c), 'list'] as const,
  list: (c: ClusterId, q: Record<string, string | number | boolean | undefined>) => [...topicKeys.lists(c), q] as const,
  detail: (c: ClusterId, t: string) => [...topicKeys.all(c), 'detail', t] as const,
};

// Messages (issue 4) sit under the topic's detail key, so a purge or new partitions refresh them.
export const messageKeys = {
  all: (c: ClusterId, topic: string) => [...topicKeys.detail(c, topic), 'messages'] as const,
  page: (c: ClusterId, topic: string, params: Record<string, string>) => [...messageKeys.all(c, topic), params] as const,
};

// Consumer groups and lag (issue #5).
export const groupKeys = {
  all: (c: ClusterId) => ['clusters', c, 'groups'] as const,
  detail: (c: ClusterId, g: string) => [...groupKeys.all(c), g] as const,
  history: (c: ClusterId, g: string, range: string) => [...groupKeys.detail(c, g), 'history', range] as const,
  topicConsumers: (c: ClusterId, t: string) => [...groupKeys.all(c), 'by-topic', t] as const,
};

// Weather pipeline (issue 6). The weather data lives in Riffle's database, not in a cluster.
export const weatherKeys = {
  all: ['weather'] as const,
  stations: () => [...weatherKeys.all, 'stations'] as const,
  readings: (station: string, kind: string) => [...weatherKeys.all, 'readings', station, kind] as const,
  summary: (station: string, bucket: string) => [...weatherKeys.all, 'summary', station, bucket] as const,
  windows: (station: string) => [...weatherKeys.all, 'windows', station] as const,
};

export const pipelineKeys = {
  report: (c: ClusterId, prefix: string) => ['clusters', c, 'pipeline', prefix] as const,
};

// Lag alerts (issue 21).
export const alertKeys = {
  all: (c: ClusterId) => ['clusters', c, 'alerts'] as const,
  rules: (c: ClusterId) => [...alertKeys.all(c), 'rules'] as const,
  history: (c: ClusterId, q: Record<string, string | undefined>) => [...alertKeys.all(c), 'history', q] as const,
};

// Replay runs (issue 21): live in the console instance that started them.
export const replayKeys = {
  all: (c: ClusterId) => ['clusters', c, 'replays'] as const,
  run: (c: ClusterId, id: string) => [...replayKeys.all(c), id] as const,
};

// Partition operations (issue 19): reassignments in progress, throttles, broker configs.
export const partitionKeys = {
  reassignments: (c: ClusterId) => [...clusterKeys.detail(c), 'reassignments'] as const,
  brokerConfigs: (c: ClusterId, target: number | 'default') => [...brokerKeys.all(c), 'configs', target] as const,
};

// Broker and topic metrics (issue 20), by scope and range.
export const brokerMetricsKeys = {
  all: (c: ClusterId) => [...clusterKeys.detail(c), 'broker-metrics'] as const,
  query: (c: ClusterId, q: Record<string, string | number | undefined>) => [...brokerMetricsKeys.all(c), q] as const,
};

// Security administration (issue 18): ACLs, SCRAM users, client quotas.
export const securityKeys = {
  all: (c: ClusterId) => ['clusters', c, 'security'] as const,
  acls: (c: ClusterId) => [...securityKeys.all(c), 'acls'] as const,
  aclList: (c: ClusterId, filter: Record<string, string | undefined>) => [...securityKeys.acls(c), 'list', filter] as const,
  effective: (c: ClusterId, q: Record<string, string>) => [...securityKeys.acls(c), 'effective', q] as const,
  users: (c: ClusterId) => [...securityKeys.all(c), 'users'] as const,
  quotas: (c: ClusterId) => [...securityKeys.all(c), 'quotas'] as const,
  quotaList: (c: ClusterId, q: Record<string, string | undefined>) => [...securityKeys.quotas(c), q] as const,
};

// Kafka Connect (issue 17): per Kafka cluster, per Connect cluster. An action on one connector
// refreshes that connector and its Connect cluster's list.
export const connectKeys = {
  all: (c: ClusterId) => ['clusters', c, 'connect'] as const,
  clusters: (c: ClusterId) => [...connectKeys.all(c), 'clusters'] as const,
  plugins: (c: ClusterId, k: string) => [...connectKeys.all(c), k, 'plugins'] as const,
  connectors: (c: ClusterId, k: string) => [...connectKeys.all(c), k, 'connectors'] as const,
  connector: (c: ClusterId, k: string, n: string) => [...connectKeys.connectors(c, k), n] as const,
  validation: (c: ClusterId, k: string, config: Record<string, string>, existing?: string) => [...connectKeys.all(c), k, 'validate', existing ?? null, config] as const,
};

// Schemas (issue 16): the cluster's schema registry.
export const schemaKeys = {
  all: (c: ClusterId) => [...clusterKeys.detail(c), 'schemas'] as const,
  subjects: (c: ClusterId, q: Record<string, string | number | undefined>) => [...schemaKeys.all(c), 'subjects', q] as const,
  subject: (c: ClusterId, s: string) => [...schemaKeys.all(c), 'subject', s] as const,
  version: (c: ClusterId, s: string, v: number | 'latest') => [...schemaKeys.subject(c, s), 'version', v] as const,
};
