'use client';
import { createColumnHelper } from '@tanstack/react-table';
import Link from 'next/link';
import { useMemo } from 'react';
import { useBrokers } from '@/lib/client/use-brokers';
import type { BrokerRow, LogDirInfo } from '@/lib/contracts/brokers';
import { Card } from '@/components/ui/card';
import { formatBytes, formatCount, formatTime } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { DataTable } from '@/components/ui/data-table';
import { StatusBadge } from '@/components/ui/status-badge';
import { clusterPath } from '@/components/shell/nav-items';

const col = createColumnHelper<BrokerRow>();

export function BrokersView({ cluster }: { cluster: string }) {
  const { data, error, isPending } = useBrokers(cluster);
  const columns = useMemo(
    () => [
      col.accessor('nodeId', {
        header: 'Node id',
        meta: { className: 'font-medium' },
        cell: (c) => (
          <Link className="text-accent hover:underline" href={`${clusterPath(cluster, 'brokers')}/${c.getValue()}`}>
            Broker {c.getValue()}
          </Link>
        ),
      }),
      col.accessor((b) => `${b.host}:${b.port}`, { id: 'address', header: 'Address (host:port)', meta: { className: 'font-mono text-xs' } }),
      col.accessor('rack', { header: 'Rack', cell: (c) => c.getValue() ?? <span className="text-muted">none</span> }),
      col.display({
        id: 'roles',
        header: 'Roles',
        meta: { className: 'whitespace-normal' },
        cell: ({ row: { original: b } }) => (
          <span className="flex flex-wrap gap-1">
            {b.roles.map((r) => (
              <StatusBadge key={r} tone="neutral">
                {r}
              </StatusBadge>
            ))}
            {b.isController && <StatusBadge tone="info">active controller</StatusBadge>}
          </span>
        ),
      }),
      col.accessor('partitionsLed', { header: 'Partitions led', meta: { align: 'right' }, cell: (c) => formatCount(c.getValue()) }),
      col.accessor('replicas', { header: 'Replicas hosted', meta: { align: 'right' }, cell: (c) => formatCount(c.getValue()) }),
      col.accessor('outOfSyncReplicas', {
        header: 'Out of sync',
        meta: { align: 'right' },
        cell: (c) => (c.getValue() > 0 ? <StatusBadge tone="warn">{formatCount(c.getValue())} replicas</StatusBadge> : <span className="text-muted">0</span>),
      }),
      col.accessor('logDirBytes', {
        header: 'Log-dir size',
        meta: { align: 'right', cellTestId: 'broker-log-dir-size' },
        cell: ({ row: { original: b } }) => <LogDirCell dirs={b.logDirs} bytes={b.logDirBytes} />,
      }),
    ],
    [cluster],
  );
  return (
    <>
      <PageHeader title="Brokers" description={data ? `${data.brokers.length} in the cluster metadata · fetched ${formatTime(data.fetchedAt)}` : undefined} />
      <Card>
        <DataTable
          label="Brokers"
          data={data?.brokers}
          columns={columns}
          getRowId={(b) => String(b.nodeId)}
          isPending={isPending}
          error={error}
          errorTitle="Could not load the brokers"
          empty={{ title: 'No brokers in the metadata' }}
          testId="brokers-list"
          rowTestId="broker-list-row"
          sortParam="sort"
          tableClassName="whitespace-nowrap"
        />
      </Card>
    </>
  );
}

/** Size of the broker's replicas on disk, and the free space of the volume under a single dir. */
function LogDirCell({ dirs, bytes }: { dirs: LogDirInfo[] | null; bytes: number | null }) {
  if (!dirs || bytes == null) {
    return (
      <span className="text-xs text-muted" title="The broker did not answer DescribeLogDirs">
        unknown
      </span>
    );
  }
  const failed = dirs.filter((d) => d.error);
  const only = dirs.length === 1 ? dirs[0]! : null;
  return (
    <span className="inline-flex flex-col items-end" title={dirs.map((d) => `${d.path}: ${formatBytes(d.bytes)}${d.error ? ` (${d.error})` : ''}`).join('\n')}>
      <span>{formatBytes(bytes)}</span>
      {failed.length > 0 ? (
        <StatusBadge tone="bad">
          {failed.length} of {dirs.length} dirs offline
        </StatusBadge>
      ) : only && only.usableBytes != null && only.totalBytes != null ? (
        <span className="whitespace-nowrap text-xs text-muted">
          {formatBytes(only.usableBytes)} free of {formatBytes(only.totalBytes)}
        </span>
      ) : (
        <span className="text-xs text-muted">
          in {dirs.length} log {dirs.length === 1 ? 'dir' : 'dirs'}
        </span>
      )}
    </span>
  );
}
