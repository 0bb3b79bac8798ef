'use client';
import type { TopicDetail } from '@/lib/contracts/topics';
import { Card, CardHeader } from '@/components/ui/card';
import { formatCount } from '@/components/ui/format';
import { Stat } from '@/components/ui/stat';
import { EmptyState } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { CONFIG_SOURCE_LABEL, humanConfig } from './config-value';

export function TopicOverviewTab({ data }: { data: TopicDetail }) {
  const overrides = data.configs.filter((c) => c.source !== 'default');
  const leaders = new Set(data.partitions.map((p) => p.leader).filter((l) => l >= 0));
  return (
    <>
      <dl className="mb-5 grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <Stat label="Partitions" value={formatCount(data.partitions.length)} unit="partitions" />
        <Stat label="Replication factor" value={`×${data.replicationFactor}`} unit="replicas each" />
        <Stat label="Messages" value={`${data.messagesIsEstimate ? '≈ ' : ''}${formatCount(data.messages)}`} unit="msgs" hint={data.messagesIsEstimate ? 'estimate: compaction removes records within the offset range' : 'latest − earliest offset'} />
        <Stat label="Leaders on" value={formatCount(leaders.size)} unit={leaders.size === 1 ? 'broker' : 'brokers'} />
        <Stat label="Under-replicated" value={formatCount(data.underReplicatedPartitions)} unit="partitions" tone={data.underReplicatedPartitions > 0 ? 'warn' : undefined} />
        <Stat label="Offline" value={formatCount(data.offlinePartitions)} unit="partitions" tone={data.offlinePartitions > 0 ? 'bad' : undefined} />
      </dl>
      <Card>
        <CardHeader
          title="Configs that differ from the defaults"
          description="Set on this topic, or on the brokers. Size on disk is not shown: KafkaJS cannot send DescribeLogDirs."
        />
        {overrides.length === 0 ? (
          <EmptyState title="Every config is at its default" />
        ) : (
          <table className="w-full text-left text-[13px]" data-testid="topic-overrides">
            <thead className="text-xs text-muted">
              <tr className="border-b border-border">
                <th className="px-4 py-2 font-medium">Key</th>
                <th className="px-4 py-2 font-medium">Value</th>
                <th className="px-4 py-2 font-medium">Source</th>
              </tr>
            </thead>
            <tbody className="tabular">
              {overrides.map((c) => (
                <tr key={c.name} className="border-b border-border last:border-0">
                  <td className="px-4 py-2 font-mono text-xs">{c.name}</td>
                  <td className="px-4 py-2">
                    {c.sensitive ? <span className="text-muted">•••••• (sensitive)</span> : <span className="font-mono text-xs">{c.value}</span>}
                    {humanConfig(c.name, c.value) && <span className="ml-2 text-xs text-muted">({humanConfig(c.name, c.value)})</span>}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2">
                    <StatusBadge tone={c.source === 'topic' ? 'info' : 'neutral'}>{CONFIG_SOURCE_LABEL[c.source]}</StatusBadge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
