'use client';
import Link from 'next/link';
import { useBrokers } from '@/lib/client/use-brokers';
import type { LogDirInfo } from '@/lib/contracts/brokers';
import { Card } from '@/components/ui/card';
import { formatBytes, formatCount, formatTime } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { clusterPath } from '@/components/shell/nav-items';

export function BrokersView({ cluster }: { cluster: string }) {
  const { data, error, isPending } = useBrokers(cluster);
  return (
    <>
      <PageHeader title="Brokers" description={data ? `${data.brokers.length} in the cluster metadata · fetched ${formatTime(data.fetchedAt)}` : undefined} />
      {isPending ? (
        <Loading label="Loading brokers…" />
      ) : error && !data ? (
        <ErrorState title="Could not load the brokers" reason={error.message} />
      ) : data!.brokers.length === 0 ? (
        <EmptyState title="No brokers in the metadata" />
      ) : (
        <Card>
          <div className="overflow-x-auto">
            <table className="w-full whitespace-nowrap text-left text-[13px]" data-testid="brokers-list">
              <thead className="text-xs text-muted">
                <tr className="border-b border-border">
                  <th className="px-4 py-2 font-medium">Node id</th>
                  <th className="px-4 py-2 font-medium">Address (host:port)</th>
                  <th className="px-4 py-2 font-medium">Rack</th>
                  <th className="px-4 py-2 font-medium">Roles</th>
                  <th className="px-4 py-2 text-right font-medium">Partitions led</th>
                  <th className="px-4 py-2 text-right font-medium">Replicas hosted</th>
                  <th className="px-4 py-2 text-right font-medium">Out of sync</th>
                  <th className="px-4 py-2 text-right font-medium">Log-dir size</th>
                </tr>
              </thead>
              <tbody className="tabular">
                {data!.brokers.map((b) => (
                  <tr key={b.nodeId} className="border-b border-border last:border-0" data-testid="broker-list-row">
                    <td className="px-4 py-2 font-medium">
                      <Link className="text-accent hover:underline" href={`${clusterPath(cluster, 'brokers')}/${b.nodeId}`}>
                        Broker {b.nodeId}
                      </Link>
                    </td>
                    <td className="px-4 py-2 font-mono text-xs">
                      {b.host}:{b.port}
                    </td>
                    <td className="px-4 py-2">{b.rack ?? <span className="text-muted">none</span>}</td>
                    <td className="whitespace-normal px-4 py-2">
                      <span className="flex flex-wrap gap-1">
                        {b.roles.map((r) => (
                          <StatusBadge key={r} tone="neutral">
                            {r}
                          </StatusBadge>
                        ))}
                        {b.isController && <StatusBadge tone="info">active controller</StatusBadge>}
                      </span>
                    </td>
                    <td className="px-4 py-2 text-right">{formatCount(b.partitionsLed)}</td>
                    <td className="px-4 py-2 text-right">{formatCount(b.replicas)}</td>
                    <td className="px-4 py-2 text-right">{b.outOfSyncReplicas > 0 ? <StatusBadge tone="warn">{formatCount(b.outOfSyncReplicas)} replicas</StatusBadge> : <span className="text-muted">0</span>}</td>
                    <td className="px-4 py-2 text-right" data-testid="broker-log-dir-size">
                      <LogDirCell dirs={b.logDirs} bytes={b.logDirBytes} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
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
