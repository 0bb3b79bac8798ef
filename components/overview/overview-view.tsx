'use client';
import Link from 'next/link';
import type { ClusterOverview } from '@/lib/contracts/cluster';
import { useClusterOverview } from '@/lib/client/use-clusters';
import { Card, CardHeader } from '@/components/ui/card';
import { formatCount, formatMs, formatTime } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { Stat } from '@/components/ui/stat';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { clusterPath } from '@/components/shell/nav-items';
import { BrokerMetricsPanel } from '@/components/metrics/broker-metrics-panel';
import { BROKER_CHARTS, TOPIC_CHARTS } from '@/components/metrics/chart-sets';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';

export function OverviewView({ cluster }: { cluster: string }) {
  const { data, error, isPending } = useClusterOverview(cluster);

  if (isPending) return <OverviewSkeleton />;
  if (error && !data) {
    return (
      <>
        <PageHeader title="Overview" />
        <ErrorState title="Could not load the cluster overview" reason={error.message} />
      </>
    );
  }
  return <Overview data={data!} stale={error ? error.message : null} />;
}

function Overview({ data, stale }: { data: ClusterOverview; stale: string | null }) {
  const { counts } = data;
  return (
    <>
      <PageHeader
        title={data.cluster.name}
        description={
          <>
            Cluster id <code className="font-mono">{data.clusterId ?? 'unknown'}</code> · bootstrap{' '}
            <code className="font-mono">{data.cluster.brokers.join(', ')}</code>
          </>
        }
        actions={
          <p className="text-xs text-muted tabular">
            Fetched {formatTime(data.fetchedAt)} in {formatMs(data.latencyMs)}
            {stale && <span className="ml-2 text-warn">(stale: {stale})</span>}
          </p>
        }
      />

      <dl className="mb-5 grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <Stat label="Brokers" value={formatCount(data.brokers.length)} unit={data.brokers.length === 1 ? 'broker' : 'brokers'} />
        <Stat label="Topics" value={formatCount(counts.topics)} unit="topics" hint={`+ ${formatCount(counts.internalTopics)} internal`} />
        <Stat
          label="Partitions"
          value={formatCount(counts.partitions)}
          unit="partitions"
          hint={
            counts.notPreferredLeader > 0 ? (
              <Link href={clusterPath(data.cluster.id, 'reassignments')} className="text-warn hover:underline" data-testid="not-preferred-leader">
                {formatCount(counts.notPreferredLeader)} not on their preferred leader
              </Link>
            ) : (
              <span data-testid="not-preferred-leader">all on their preferred leader</span>
            )
          }
        />
        <Stat label="Replicas" value={formatCount(counts.replicas)} unit="replicas" />
        <Stat
          label="Under-replicated"
          value={formatCount(counts.underReplicatedPartitions)}
          unit="partitions"
          tone={counts.underReplicatedPartitions > 0 ? 'warn' : undefined}
        />
        <Stat label="Offline" value={formatCount(counts.offlinePartitions)} unit="partitions" tone={counts.offlinePartitions > 0 ? 'bad' : undefined} />
      </dl>

      <BrokerMetricsPanel cluster={data.cluster.id} scope="cluster" kinds={BROKER_CHARTS} title="Brokers over time" testId="broker-metrics" />
      <BrokerMetricsPanel cluster={data.cluster.id} scope="topic" kinds={TOPIC_CHARTS} title="Busiest topics over time" testId="topic-metrics" />

      <div className="grid gap-5 xl:grid-cols-[3fr_2fr]">
        <Card>
          <CardHeader title="Brokers" description="Nodes that serve client traffic, from cluster metadata" />
          {data.brokers.length === 0 ? (
            <EmptyState title="No brokers in the metadata" />
          ) : (
            <div className="overflow-x-auto">
              <Table className="w-full whitespace-nowrap text-left text-[13px]" data-testid="brokers-table">
                <THead>
                  <TR>
                    <TH>Node id</TH>
                    <TH>Address (host:port)</TH>
                    <TH>Rack</TH>
                    <TH>Roles</TH>
                  </TR>
                </THead>
                <TBody className="tabular">
                  {data.brokers.map((b) => (
                    <TR key={b.nodeId} className="border-b border-border last:border-0" data-testid="broker-row">
                      <TD className="px-4 py-2 font-medium">{b.nodeId}</TD>
                      <TD className="px-4 py-2 font-mono text-xs">
                        {b.host}:{b.port}
                      </TD>
                      <TD>{b.rack ?? <span className="text-muted">none</span>}</TD>
                      <TD>
                        <span className="flex flex-wrap gap-1">
                          {b.roles.map((r) => (
                            <StatusBadge key={r} tone="neutral">
                              {r}
                            </StatusBadge>
                          ))}
                          {b.isController && <StatusBadge tone="ok">active controller</StatusBadge>}
                        </span>
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </div>
          )}
        </Card>

        <QuorumCard data={data} />
      </div>
    </>
  );
}

function QuorumCard({ data }: { data: ClusterOverview }) {
  const { metadataMode, quorum } = data;
  return (
    <Card data-testid="quorum-card">
      <CardHeader
        title="Metadata quorum"
        description={
          metadataMode === 'kraft'
            ? 'KRaft mode: a Raft quorum of controllers keeps the cluster metadata. There is no ZooKeeper.'
            : metadataMode === 'zookeeper'
              ? 'ZooKeeper mode: metadata lives in ZooKeeper (removed in Kafka 4).'
              : 'The brokers did not reveal how metadata is kept (DescribeConfigs was refused or returned nothing).'
        }
        actions={
          <StatusBadge tone={metadataMode === 'kraft' ? 'ok' : 'neutral'}>
            {metadataMode === 'kraft' ? 'KRaft' : metadataMode === 'zookeeper' ? 'ZooKeeper' : 'unknown'}
          </StatusBadge>
        }
      />
      {quorum.voters.length === 0 ? (
        <EmptyState title="Voters not visible">
          The voter list comes from the brokers&apos; <code>controller.quorum.voters</code> setting, which this cluster does not expose.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-border text-[13px]" data-testid="quorum-voters">
          {quorum.state && (
            <li className="flex flex-wrap gap-x-4 gap-y-1 px-4 py-2 text-xs text-muted tabular" data-testid="quorum-state">
              <span>
                Leader <strong className="text-fg">node {quorum.state.leaderId}</strong>
              </span>
              <span>
                epoch <strong className="text-fg">{formatCount(quorum.state.leaderEpoch)}</strong>
              </span>
              <span>
                high watermark <strong className="text-fg">{formatCount(quorum.state.highWatermark)}</strong> records
              </span>
            </li>
          )}
          {quorum.voters.map((v) => (
            <li key={v.nodeId} className="px-4 py-2" data-testid="quorum-voter">
              <div className="flex flex-wrap items-center gap-1.5">
                <span className="mr-1">
                  Voter <span className="font-medium tabular">{v.nodeId}</span>
                </span>
                {v.isLeader && <StatusBadge tone="ok">leader</StatusBadge>}
                {v.isLeader === false && <StatusBadge tone={v.lag && v.lag > 1000 ? 'warn' : 'neutral'}>follower</StatusBadge>}
                <StatusBadge tone="neutral">{v.alsoBroker ? 'controller + broker' : 'controller only'}</StatusBadge>
              </div>
              <p className="mt-0.5 text-xs text-muted tabular">
                <span className="font-mono">{v.endpoint}</span>
                {v.lag !== undefined && <> · {v.lag === 0 ? 'caught up' : `${formatCount(v.lag)} records behind`}</>}
                {v.lastCaughtUpAt && !v.isLeader && <> · last caught up {formatTime(v.lastCaughtUpAt)}</>}
              </p>
            </li>
          ))}
          {quorum.state && quorum.state.observers.length > 0 && (
            <li className="px-4 py-2 text-xs text-muted tabular">
              Observers (brokers replicating metadata):{' '}
              {quorum.state.observers.map((o) => `node ${o.nodeId} (${o.lag === 0 ? 'caught up' : `${formatCount(o.lag)} behind`})`).join(', ')}
            </li>
          )}
          <li className="px-4 py-2 text-xs text-muted">
            {quorum.voters.length} voter{quorum.voters.length === 1 ? '' : 's'}: the quorum tolerates{' '}
            {Math.floor((quorum.voters.length - 1) / 2)} failed controller{Math.floor((quorum.voters.length - 1) / 2) === 1 ? '' : 's'}. Voters from{' '}
            <code>{quorum.source}</code>
            {quorum.state ? '; live state from DescribeQuorum.' : '; the cluster did not answer DescribeQuorum.'}
          </li>
        </ul>
      )}
    </Card>
  );
}

function OverviewSkeleton() {
  return (
    <div role="status" aria-label="Loading the cluster overview">
      <Skeleton className="mb-2 h-6 w-48" />
      <Skeleton className="mb-5 h-4 w-96" />
      <div className="mb-5 grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-20" />
        ))}
      </div>
      <Skeleton className="h-48" />
    </div>
  );
}
