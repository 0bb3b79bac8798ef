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
