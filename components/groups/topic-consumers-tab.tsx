'use client';
import { createColumnHelper } from '@tanstack/react-table';
import Link from 'next/link';
import { useMemo } from 'react';
import { useTopicConsumers } from '@/lib/client/use-groups';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { formatCount } from '@/components/ui/format';
import { clusterPath } from '@/components/shell/nav-items';
import { LagStatusBadge } from './lag-status';

type TopicConsumer = NonNullable<ReturnType<typeof useTopicConsumers>['data']>['groups'][number];
const col = createColumnHelper<TopicConsumer>();

/** The topic page's Consumers tab: every group that reads the topic, with its lag on it. */
export function TopicConsumersTab({ cluster, topic }: { cluster: string; topic: string }) {
  const { data, error, isPending } = useTopicConsumers(cluster, topic);
  const columns = useMemo(
    () => [
      col.accessor('groupId', {
        header: 'Group id',
        meta: { className: 'font-medium' },
        cell: (c) => (
          <Link className="text-accent hover:underline" href={`${clusterPath(cluster, 'groups')}/${encodeURIComponent(c.getValue())}`}>
            {c.getValue()}
          </Link>
        ),
      }),
      col.accessor('state', { header: 'State' }),
      col.accessor('members', { header: 'Members', meta: { align: 'right' }, cell: (c) => formatCount(c.getValue()) }),
      col.accessor('lag', { header: 'Lag on this topic (messages)', meta: { align: 'right' }, cell: (c) => (c.getValue() == null ? <span className="text-muted">no commits</span> : formatCount(c.getValue()!)) }),
      col.accessor('status', {
        header: 'Status',
        cell: ({ row: { original: g } }) => (
          <span className="flex items-center gap-2">
            <LagStatusBadge status={g.status} reason={g.statusReason} />
            <span className="max-w-96 truncate text-xs text-muted" title={g.statusReason}>
              {g.statusReason}
            </span>
          </span>
        ),
      }),
    ],
    [cluster],
  );
  return (
    <Card>
      <DataTable
        label="Consumers of this topic"
        data={data?.groups}
        columns={columns}
        getRowId={(g) => g.groupId}
        isPending={isPending}
        loadingLabel="Finding the groups that read this topic…"
        error={error}
        errorTitle="Could not load the consumers of this topic"
        empty={{ title: 'No consumer group reads this topic', body: 'No group has committed offsets for it or is assigned any of its partitions.' }}
        testId="topic-consumers-table"
        rowTestId="topic-consumer-row"
        rowProps={(g) => ({ 'data-group': g.groupId })}
        sortParam="csort"
      />
    </Card>
  );
}
