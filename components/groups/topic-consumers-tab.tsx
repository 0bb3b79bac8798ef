'use client';
import Link from 'next/link';
import { useTopicConsumers } from '@/lib/client/use-groups';
import { Card } from '@/components/ui/card';
import { formatCount } from '@/components/ui/format';
import { EmptyState, ErrorState, Loading } from '@/components/ui/states';
import { clusterPath } from '@/components/shell/nav-items';
import { LagStatusBadge } from './lag-status';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';

/** The topic page's Consumers tab: every group that reads the topic, with its lag on it. */
export function TopicConsumersTab({ cluster, topic }: { cluster: string; topic: string }) {
  const { data, error, isPending } = useTopicConsumers(cluster, topic);
  if (isPending) return <Loading label="Finding the groups that read this topic…" />;
  if (error && !data) return <ErrorState title="Could not load the consumers of this topic" reason={error.message} />;
  if (data!.groups.length === 0) {
    return <EmptyState title="No consumer group reads this topic">No group has committed offsets for it or is assigned any of its partitions.</EmptyState>;
  }
  return (
    <Card className="overflow-x-auto">
      <Table className="w-full text-left text-[13px]" data-testid="topic-consumers-table">
        <THead>
          <TR>
            <TH>Group id</TH>
            <TH>State</TH>
            <TH className="px-4 py-2 text-right font-medium">Members</TH>
            <TH className="px-4 py-2 text-right font-medium">Lag on this topic (messages)</TH>
            <TH>Status</TH>
          </TR>
        </THead>
        <TBody className="tabular">
          {data!.groups.map((g) => (
            <TR key={g.groupId} className="border-b border-border last:border-0" data-testid="topic-consumer-row" data-group={g.groupId}>
              <TD className="px-4 py-2 font-medium">
                <Link className="text-accent hover:underline" href={`${clusterPath(cluster, 'groups')}/${encodeURIComponent(g.groupId)}`}>
                  {g.groupId}
                </Link>
              </TD>
              <TD>{g.state}</TD>
              <TD className="px-4 py-2 text-right">{formatCount(g.members)}</TD>
              <TD className="px-4 py-2 text-right">{g.lag == null ? <span className="text-muted">no commits</span> : formatCount(g.lag)}</TD>
              <TD>
                <span className="flex items-center gap-2">
                  <LagStatusBadge status={g.status} reason={g.statusReason} />
                  <span className="max-w-96 truncate text-xs text-muted" title={g.statusReason}>
                    {g.statusReason}
                  </span>
                </span>
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}
