'use client';
import { useClusters } from '@/lib/client/use-clusters';

/** The cluster's bootstrap servers, for the CLI equivalents. */
export function useBootstrap(cluster: string): string {
  return useClusters().data?.clusters.find((c) => c.id === cluster)?.brokers.join(',') ?? '<bootstrap>';
}
