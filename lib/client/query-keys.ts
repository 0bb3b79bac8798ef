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
