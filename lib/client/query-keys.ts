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

export const messageKeys = {
  all: (c: ClusterId, topic: string) => ['clusters', c, 'topics', topic, 'messages'] as const,
  page: (c: ClusterId, topic: string, params: Record<string, string>) => [...messageKeys.all(c, topic), params] as const,
};
