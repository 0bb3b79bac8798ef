'use client';
import { useClusters } from '@/lib/client/use-clusters';

/** Whether the cluster is configured read-only: forms that change it are not offered. */
export function useReadOnly(cluster: string): boolean {
  return useClusters().data?.clusters.find((c) => c.id === cluster)?.readOnly ?? false;
}
