'use client';
import { useCan } from '@/lib/client/use-session';
import { notPreferredLeader } from '@/lib/contracts/partitions';
import type { TopicDetail } from '@/lib/contracts/topics';
import { StatusBadge } from '@/components/ui/status-badge';
import { useReadOnly } from '@/lib/client/use-read-only';
import { ElectPreferredButton, UncleanElectionButton } from './elect-leaders';
import { useBootstrap } from './use-bootstrap';

/** A topic's leadership at a glance: partitions off their preferred leader, leaderless ones, and the elections that fix them. */
export function TopicLeadership({ cluster, data }: { cluster: string; data: TopicDetail }) {
  const readOnly = useReadOnly(cluster);
  const isAdmin = useCan('admin');
  const bootstrap = useBootstrap(cluster);
  const canChange = isAdmin && !readOnly;
  const off = data.partitions.filter(notPreferredLeader);
  const leaderless = data.partitions.filter((p) => p.leader < 0);
  return (
    <div className="mb-4 flex flex-col gap-2 rounded-lg border border-border bg-surface px-4 py-3 text-[13px]" data-testid="topic-leadership">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p>
          {off.length === 0 ? (
            <StatusBadge tone="ok">every partition on its preferred leader</StatusBadge>
          ) : (
            <>
              <StatusBadge tone="warn">
                {off.length} of {data.partitions.length} not on their preferred leader
              </StatusBadge>{' '}
              <span className="text-xs text-muted" data-testid="not-preferred-partitions">
                partition{off.length === 1 ? '' : 's'} {off.map((p) => `${p.partition} (led by ${p.leader}, prefers ${p.replicas[0]})`).join(', ')}
              </span>
            </>
          )}
        </p>
        {canChange && off.length > 0 && <ElectPreferredButton cluster={cluster} bootstrap={bootstrap} topic={data.name} topicPartitions={data.partitions.map((p) => p.partition)} />}
      </div>
      {leaderless.map((p) => (
        <div key={p.partition} className="flex flex-wrap items-center justify-between gap-3 border-t border-border pt-2">
          <p>
            <StatusBadge tone="bad">partition {p.partition} has no leader</StatusBadge>{' '}
            <span className="text-xs text-muted">
              replicas {p.replicas.join(', ')}; in sync: {p.isr.length ? p.isr.join(', ') : 'none'}. It comes back by itself when an in-sync replica&apos;s broker returns.
            </span>
          </p>
          {canChange && <UncleanElectionButton cluster={cluster} bootstrap={bootstrap} topic={data.name} partition={p.partition} />}
        </div>
      ))}
    </div>
  );
}
