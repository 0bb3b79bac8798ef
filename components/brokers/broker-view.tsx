'use client';
import { createColumnHelper } from '@tanstack/react-table';
import Link from 'next/link';
import { DataTable } from '@/components/ui/data-table';
import { useBroker } from '@/lib/client/use-brokers';
import type { LogDirInfo } from '@/lib/contracts/brokers';
import { CONFIG_SOURCES } from '@/lib/contracts/topics';
import { Card, CardHeader } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { formatBytes, formatCount, formatTime } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { Stat } from '@/components/ui/stat';
import { ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { clusterPath } from '@/components/shell/nav-items';
import { CONFIG_SOURCE_LABEL } from '@/lib/client/config-value';
import { inputBase } from '@/components/ui/form';
import { useUrlState } from '@/lib/client/use-url-state';
import { useReadOnly } from '@/lib/client/use-read-only';
import { BrokerMetricsPanel } from '@/components/metrics/broker-metrics-panel';
import { BROKER_CHARTS } from '@/components/metrics/chart-sets';
import { BrokerConfigTable, ClusterDefaultsCard } from '@/components/partitions/broker-config-editor';
import { useCan } from '@/lib/client/use-session';

const sourceLabel = CONFIG_SOURCE_LABEL;

export function BrokerView({ cluster, id }: { cluster: string; id: number }) {
  const { data, error, isPending } = useBroker(cluster, id);
  const { params, set } = useUrlState();
  const readOnly = useReadOnly(cluster);
  const canChange = useCan('admin') && !readOnly;
  const q = params.get('q') ?? '';
  const source = params.get('source') ?? '';
  const back = (
    <Link href={clusterPath(cluster, 'brokers')} className="text-xs text-accent hover:underline">
      ← All brokers
    </Link>
  );
  if (isPending) return <Loading label={`Loading broker ${id}…`} />;
  if (error && !data) {
    return (
      <>
        {back}
        <PageHeader title={`Broker ${id}`} />
        <ErrorState title="Could not load this broker" reason={error.message} />
      </>
    );
  }
  const { broker, configs } = data!;
  const rows = configs.filter((c) => c.name.includes(q.toLowerCase()) && (!source || c.source === source));
  const nonDefault = configs.filter((c) => c.source !== 'default').length;
  return (
    <>
      {back}
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            Broker {broker.nodeId}
            {broker.isController && <StatusBadge tone="info">active controller</StatusBadge>}
          </span>
        }
        description={
          <>
            <code className="font-mono">
              {broker.host}:{broker.port}
            </code>{' '}
            · rack {broker.rack ?? 'none'} · roles {broker.roles.join(' + ')} · fetched {formatTime(data!.fetchedAt)}
          </>
        }
      />
      <dl className="mb-5 grid grid-cols-2 gap-3 md:grid-cols-5">
        <Stat label="Log-dir size" value={broker.logDirBytes == null ? 'unknown' : formatBytes(broker.logDirBytes)} hint={broker.logDirs ? `in ${broker.logDirs.length} log ${broker.logDirs.length === 1 ? 'dir' : 'dirs'}` : 'no DescribeLogDirs answer'} />
        <Stat label="Partitions led" value={formatCount(broker.partitionsLed)} unit="partitions" />
        <Stat label="Replicas hosted" value={formatCount(broker.replicas)} unit="replicas" />
        <Stat label="Out of sync" value={formatCount(broker.outOfSyncReplicas)} unit="replicas" tone={broker.outOfSyncReplicas > 0 ? 'warn' : undefined} />
        <Stat label="Configs not at default" value={formatCount(nonDefault)} unit={`of ${formatCount(configs.length)}`} />
      </dl>
      <BrokerMetricsPanel cluster={cluster} scope="broker" broker={broker.nodeId} kinds={BROKER_CHARTS} title={`Broker ${broker.nodeId} over time`} testId="broker-metrics" />
      <LogDirsCard dirs={broker.logDirs} />
      <ClusterDefaultsCard cluster={cluster} canChange={canChange} />
      <Card>
        <CardHeader
          title="Configs"
          description={`Where each value comes from. Sensitive values (passwords, keys) are never shown.${canChange ? ' Dynamic keys can be changed here, one key at a time (IncrementalAlterConfigs); static ones need server.properties and a restart.' : ''}`}
          actions={
            <span className="flex gap-2">
              <select aria-label="Filter by source" className={cn(inputBase, 'w-48')} value={source} onChange={(e) => set({ source: e.target.value || null })}>
                <option value="">every source</option>
                {CONFIG_SOURCES.filter((s) => s !== 'topic').map((s) => (
                  <option key={s} value={s}>
                    {sourceLabel[s]}
                  </option>
                ))}
              </select>
              <input type="search" aria-label="Filter configs" placeholder="Filter configs" className={cn(inputBase, 'w-56')} defaultValue={q} onChange={(e) => set({ q: e.target.value || null })} />
            </span>
          }
        />
        <BrokerConfigTable cluster={cluster} target={id} configs={rows} canChange={canChange} />
      </Card>
    </>
  );
}

const logDirCol = createColumnHelper<LogDirInfo>();
const logDirColumns = [
  logDirCol.accessor('path', { header: 'Path', meta: { className: 'break-all font-mono text-xs' } }),
  logDirCol.accessor('bytes', { header: 'Replica data', meta: { align: 'right' }, cell: (c) => <span title={`${formatCount(c.getValue())} bytes`}>{formatBytes(c.getValue())}</span> }),
  logDirCol.accessor('replicas', { header: 'Replicas', meta: { align: 'right' }, cell: (c) => formatCount(c.getValue()) }),
  logDirCol.accessor('usableBytes', {
    header: 'Volume free / total',
    meta: { align: 'right' },
    cell: ({ row: { original: d } }) => {
      if (d.totalBytes == null || d.usableBytes == null) {
        return (
          <span className="text-xs text-muted" title="Brokers report the volume size from Kafka 3.3 (DescribeLogDirs v4)">
            not reported
          </span>
        );
      }
      const usedPct = d.totalBytes ? Math.round(((d.totalBytes - d.usableBytes) / d.totalBytes) * 100) : null;
      return (
        <>
          {formatBytes(d.usableBytes)} free of {formatBytes(d.totalBytes)}
          {usedPct != null && <span className="ml-1 text-xs text-muted">({usedPct}% used)</span>}
        </>
      );
    },
  }),
  logDirCol.accessor((d) => d.error ?? '', { id: 'status', header: 'Status', cell: (c) => (c.getValue() ? <StatusBadge tone="bad">{c.getValue()}</StatusBadge> : <StatusBadge tone="ok">online</StatusBadge>) }),
];

function LogDirsCard({ dirs }: { dirs: LogDirInfo[] | null }) {
  return (
    <Card className="mb-5">
      <CardHeader title="Log dirs" description="Replica data on this broker's disks (DescribeLogDirs), and the volume each dir is on." />
      {!dirs ? (
        <p className="px-4 py-3 text-xs text-muted">The broker did not answer DescribeLogDirs, so the size on disk is unknown.</p>
      ) : (
        <DataTable label="Log dirs" data={dirs} columns={logDirColumns} getRowId={(d) => d.path} testId="broker-log-dirs" rowTestId="broker-log-dir" rowProps={(d) => ({ 'data-path': d.path })} empty={{ title: 'No log dirs reported' }} />
      )}
    </Card>
  );
}
