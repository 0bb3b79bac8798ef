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

// Consumer groups and lag (issue #5).
export const groupKeys = {
  all: (c: ClusterId) => ['clusters', c, 'groups'] as const,
  detail: (c: ClusterId, g: string) => [...groupKeys.all(c), g] as const,
  history: (c: ClusterId, g: string, range: string) => [...groupKeys.detail(c, g), 'history', range] as const,
  topicConsumers: (c: ClusterId, t: string) => [...groupKeys.all(c), 'by-topic', t] as const,
};
