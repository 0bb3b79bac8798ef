'use client';
import { ApiError } from '@/lib/client/api-fetch';
import { useClusters } from '@/lib/client/use-clusters';
import { EmptyState, ErrorState } from '@/components/ui/states';

export function useBootstrap(cluster: string): string {
  return useClusters().data?.clusters.find((c) => c.id === cluster)?.brokers.join(',') ?? '<bootstrap>';
}

/** Errors of a security query, with the reason an operator can act on. */
export function SecurityError({ error, what }: { error: Error; what: string }) {
  if (error instanceof ApiError && error.code === 'SECURITY_DISABLED') {
    return (
      <EmptyState title="This cluster has no authorizer">
        Kafka keeps ACLs only when the brokers run an authorizer (<code>authorizer.class.name</code>). Start the local cluster with{' '}
        <code>KAFKA_SECURITY=sasl npm run kafka:up</code> for one that has.
      </EmptyState>
    );
  }
  if (error instanceof ApiError && error.status === 403) return <ErrorState title={`You cannot see ${what}`} reason={error.message} />;
  return <ErrorState title={`Could not load ${what}`} reason={error.message} />;
}

/** Field errors from the server land on the field they name. */
export function serverFieldError(err: unknown): { field: string; message: string } | null {
  if (err instanceof ApiError) return { field: err.field ?? 'form', message: err.message };
  if (err instanceof Error) return { field: 'form', message: err.message };
  return null;
}
