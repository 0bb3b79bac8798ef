'use client';
import * as Tabs from '@radix-ui/react-tabs';
import Link from 'next/link';
import { useTopic } from '@/lib/client/use-topics';
import type { TopicDetail } from '@/lib/contracts/topics';
import { TopicConsumersTab } from '@/components/groups/topic-consumers-tab';
import { TopicMessagesTab } from '@/components/messages/topic-messages-tab';
import { ResourceAcls } from '@/components/security/resource-acls';
import { formatTime } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { ErrorState, Skeleton } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { clusterPath } from '@/components/shell/nav-items';
import { TopicLeadership } from '@/components/partitions/topic-leadership';
import { PartitionGrid } from './partition-grid';
import { TopicOverviewTab } from './topic-overview-tab';
import { TopicSettingsTab } from './topic-settings-tab';
import { useUrlState } from '@/lib/client/use-url-state';
import { BrokerMetricsPanel } from '@/components/metrics/broker-metrics-panel';
import { TOPIC_CHARTS } from '@/components/metrics/chart-sets';

export const TOPIC_TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'partitions', label: 'Partitions' },
  { id: 'messages', label: 'Messages' },
  { id: 'consumers', label: 'Consumers' },
  { id: 'acls', label: 'ACLs' },
  { id: 'settings', label: 'Settings' },
] as const;
type TabId = (typeof TOPIC_TABS)[number]['id'];

export function TopicView({ cluster, topic }: { cluster: string; topic: string }) {
  const { params, set } = useUrlState();
  const raw = params.get('tab');
  const tab: TabId = TOPIC_TABS.some((t) => t.id === raw) ? (raw as TabId) : 'overview';
  const query = useTopic(cluster, topic);
  const data = query.data;

  const back = (
    <Link href={clusterPath(cluster, 'topics')} className="text-xs text-accent hover:underline">
      ← All topics
    </Link>
  );

  if (query.error && !data) {
    const gone = 'status' in query.error && (query.error as { status: number }).status === 404;
    return (
      <>
        {back}
        <PageHeader title={topic} />
        <ErrorState title={gone ? 'This topic does not exist' : 'Could not load the topic'} reason={gone ? `The cluster has no topic named "${topic}". It may have been deleted.` : query.error.message} />
      </>
    );
  }

  return (
    <>
      {back}
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            <span className="break-all">{topic}</span>
            {data?.internal && <StatusBadge tone="neutral">internal</StatusBadge>}
            {data && <Health data={data} />}
          </span>
        }
        description={data ? `Fetched ${formatTime(data.fetchedAt)}${query.error ? ` · stale: ${query.error.message}` : ''}` : 'Loading…'}
      />
      <Tabs.Root value={tab} onValueChange={(v) => set({ tab: v === 'overview' ? null : v })}>
        <Tabs.List aria-label="Topic sections" className="mb-4 flex gap-1 border-b border-border">
          {TOPIC_TABS.map((t) => (
            <Tabs.Trigger
              key={t.id}
              value={t.id}
              className="-mb-px border-b-2 border-transparent px-3 py-2 text-[13px] text-muted hover:text-fg focus:outline-none focus-visible:ring-2 focus-visible:ring-accent data-[state=active]:border-accent data-[state=active]:font-medium data-[state=active]:text-fg"
            >
              {t.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        {/* Only the open tab renders: each tab's queries run when someone looks at it. */}
        {TOPIC_TABS.map((t) => (
          <Tabs.Content key={t.id} value={t.id} className="focus:outline-none">
            {tab === t.id && <TabBody tab={t.id} cluster={cluster} topic={topic} data={data} />}
          </Tabs.Content>
        ))}
      </Tabs.Root>
    </>
  );
}

function Health({ data }: { data: TopicDetail }) {
  if (data.offlinePartitions > 0) return <StatusBadge tone="bad">{data.offlinePartitions} offline</StatusBadge>;
  if (data.underReplicatedPartitions > 0) return <StatusBadge tone="warn">{data.underReplicatedPartitions} under-replicated</StatusBadge>;
  return <StatusBadge tone="ok">healthy</StatusBadge>;
}

function TabBody({ tab, cluster, topic, data }: { tab: TabId; cluster: string; topic: string; data: TopicDetail | undefined }) {
  if (tab === 'messages') return <TopicMessagesTab cluster={cluster} topic={topic} />;
  if (tab === 'consumers') return <TopicConsumersTab cluster={cluster} topic={topic} />;
  if (tab === 'acls') return <ResourceAcls cluster={cluster} resourceType="TOPIC" name={topic} />;
  if (!data) {
    return (
      <div role="status" aria-label="Loading the topic">
        <Skeleton className="mb-3 h-20" />
        <Skeleton className="h-64" />
      </div>
    );
  }
  if (tab === 'partitions') {
    return (
      <>
        <TopicLeadership cluster={cluster} data={data} />
        <PartitionGrid data={data} />
      </>
    );
  }
  if (tab === 'settings') return <TopicSettingsTab cluster={cluster} data={data} />;
  return (
    <>
      <BrokerMetricsPanel cluster={cluster} scope="topic" topic={topic} kinds={TOPIC_CHARTS} title="Throughput over time" testId="topic-metrics" />
      <TopicOverviewTab data={data} />
    </>
  );
}
