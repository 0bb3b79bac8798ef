'use client';
import { useQueryClient } from '@tanstack/react-query';
import { PlugZap } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { clusterKeys } from '@/lib/client/query-keys';
import { useHealth } from '@/lib/client/use-health';

/**
 * Says, in words, when the cluster can't be reached: which address and why. When it comes
 * back, every query of that cluster is refetched so pages recover without a reload.
 */
export function ConnectionBanner({ cluster }: { cluster: string }) {
  const { data, error } = useHealth();
  const queryClient = useQueryClient();
  const health = data?.clusters.find((c) => c.id === cluster);
  const wasDown = useRef(false);
  const down = health ? !health.reachable : false;

  useEffect(() => {
    if (wasDown.current && health?.reachable) {
      void queryClient.invalidateQueries({ queryKey: clusterKeys.detail(cluster) });
    }
    wasDown.current = down;
  }, [down, health?.reachable, cluster, queryClient]);

  if (error) {
    return (
      <Banner testId="console-unreachable-banner">
        The console server is not answering ({error.message}). Retrying every 5 s.
      </Banner>
    );
  }
  if (!health || health.reachable) return null;
  return (
    <Banner testId="cluster-unreachable-banner">
      Cannot reach cluster <strong>{health.name}</strong> at <code className="font-mono">{health.brokers.join(', ')}</code>:{' '}
      {health.error ?? 'no answer'}. Data shown may be stale; checking again every 5 s.
    </Banner>
  );
}

function Banner({ children, testId }: { children: React.ReactNode; testId: string }) {
  return (
    <div role="alert" data-testid={testId} className="flex items-start gap-2 border-b border-bad/40 bg-bad/10 px-4 py-2 text-[13px] text-bad">
      <PlugZap aria-hidden className="mt-0.5 size-4 shrink-0" />
      <p className="min-w-0 break-words">{children}</p>
    </div>
  );
}
