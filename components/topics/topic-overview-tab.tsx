'use client';
import type { TopicDetail, TopicSizes } from '@/lib/contracts/topics';
import { Card, CardHeader } from '@/components/ui/card';
import { formatBytes, formatCount } from '@/components/ui/format';
import { Stat } from '@/components/ui/stat';
import { EmptyState } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { CONFIG_SOURCE_LABEL, humanConfig } from '@/lib/client/config-value';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';

export function TopicOverviewTab({ data }: { data: TopicDetail }) {
  const overrides = data.configs.filter((c) => c.source !== 'default');
  const leaders = new Set(data.partitions.map((p) => p.leader).filter((l) => l >= 0));
  return (
    <>
      <dl className="mb-5 grid grid-cols-2 gap-3 md:grid-cols-4 2xl:grid-cols-7">
        <Stat label="Partitions" value={formatCount(data.partitions.length)} unit="partitions" />
        <Stat label="Replication factor" value={`×${data.replicationFactor}`} unit="replicas each" />
        <Stat label="Messages" value={`${data.messagesIsEstimate ? '≈ ' : ''}${formatCount(data.messages)}`} unit="msgs" hint={data.messagesIsEstimate ? 'estimate: compaction removes records within the offset range' : 'latest − earliest offset'} />
        <Stat
          label="Size on disk"
          value={data.sizes ? formatBytes(data.sizes.leaderBytes) : 'unknown'}
          hint={data.sizes ? `${formatBytes(data.sizes.totalBytes)} with every replica` : 'no broker answered DescribeLogDirs'}
        />
        <Stat label="Leaders on" value={formatCount(leaders.size)} unit={leaders.size === 1 ? 'broker' : 'brokers'} />
        <Stat label="Under-replicated" value={formatCount(data.underReplicatedPartitions)} unit="partitions" tone={data.underReplicatedPartitions > 0 ? 'warn' : undefined} />
        <Stat label="Offline" value={formatCount(data.offlinePartitions)} unit="partitions" tone={data.offlinePartitions > 0 ? 'bad' : undefined} />
      </dl>
      <Card>
        <CardHeader
          title="Configs that differ from the defaults"
          description="Set on this topic, or on the brokers."
        />
        {overrides.length === 0 ? (
          <EmptyState title="Every config is at its default" />
        ) : (
          <Table className="w-full text-left text-[13px]" data-testid="topic-overrides">
            <THead>
              <TR>
                <TH>Key</TH>
                <TH>Value</TH>
                <TH>Source</TH>
              </TR>
            </THead>
            <TBody className="tabular">
              {overrides.map((c) => (
                <TR key={c.name} className="border-b border-border last:border-0">
                  <TD className="px-4 py-2 font-mono text-xs">{c.name}</TD>
                  <TD>
                    {c.sensitive ? <span className="text-muted">•••••• (sensitive)</span> : <span className="font-mono text-xs">{c.value}</span>}
                    {humanConfig(c.name, c.value) && <span className="ml-2 text-xs text-muted">({humanConfig(c.name, c.value)})</span>}
                  </TD>
                  <TD className="whitespace-nowrap px-4 py-2">
                    <StatusBadge tone={c.source === 'topic' ? 'info' : 'neutral'}>{CONFIG_SOURCE_LABEL[c.source]}</StatusBadge>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      {data.sizes && <SizesCard sizes={data.sizes} partitions={data.partitions} />}
    </>
  );
}

/** Each partition's replicas on disk: the leader's copy first, with how far followers lag. */
function SizesCard({ sizes, partitions }: { sizes: TopicSizes; partitions: TopicDetail['partitions'] }) {
  return (
    <Card className="mt-5">
      <CardHeader
        title="Size on disk"
        description={
          <>
            Log segments of each replica, as its broker reports them (DescribeLogDirs).
            {sizes.missingBrokers.length > 0 && ` Broker ${sizes.missingBrokers.join(', ')} did not answer: its replicas are missing.`}
          </>
        }
      />
      <Table className="w-full text-left text-[13px]" data-testid="topic-sizes">
        <THead>
          <TR>
            <TH>Partition</TH>
            <TH className="px-4 py-2 text-right font-medium">Leader copy</TH>
            <TH>Replicas (broker: size)</TH>
          </TR>
        </THead>
        <TBody className="tabular">
          {partitions.map((p) => {
            const copies = sizes.replicas.filter((r) => r.partition === p.partition);
            const leader = copies.find((r) => r.broker === p.leader && !r.isFuture);
            return (
              <TR key={p.partition} className="border-b border-border last:border-0" data-testid="topic-size-row" data-partition={p.partition}>
                <TD className="px-4 py-1.5">{p.partition}</TD>
                <TD className="px-4 py-1.5 text-right" title={leader ? `${formatCount(leader.bytes)} bytes on broker ${leader.broker}` : undefined}>
                  {leader ? formatBytes(leader.bytes) : <span className="text-muted">no leader</span>}
                </TD>
                <TD className="px-4 py-1.5 text-xs">
                  <span className="flex flex-wrap gap-x-3">
                    {copies.map((r) => (
                      <span key={`${r.broker}-${r.isFuture}`} title={r.logDir}>
                        B{r.broker}: {formatBytes(r.bytes)}
                        {r.offsetLag > 0 && <span className="text-warn"> · {formatCount(r.offsetLag)} behind</span>}
                        {r.isFuture && <span className="text-muted"> (moving here)</span>}
                      </span>
                    ))}
                  </span>
                </TD>
              </TR>
            );
          })}
        </TBody>
      </Table>
    </Card>
  );
}
