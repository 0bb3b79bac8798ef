'use client';
import Link from 'next/link';
import type { GroupDetail, StreamsGroupInfo, StreamsTaskSet } from '@/lib/contracts/groups';
import { Card, CardHeader } from '@/components/ui/card';
import { formatCount } from '@/components/ui/format';
import { EmptyState } from '@/components/ui/states';
import { clusterPath } from '@/components/shell/nav-items';
import { TopologyGraph } from '@/components/pipeline/topology-graph';
import { streamsGraph } from './streams-topology';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';

const tasksText = (list: StreamsTaskSet['active']) => (list.length === 0 ? '' : list.map((t) => `${t.subtopology}_${t.partitions.join(`, ${t.subtopology}_`)}`).join(', '));

function Tasks({ label, list, testId }: { label: string; list: StreamsTaskSet['active']; testId: string }) {
  const n = list.reduce((a, t) => a + t.partitions.length, 0);
  return (
    <span className="block" data-testid={testId}>
      <span className="text-muted">{label} ({n}):</span> {n === 0 ? <span className="text-muted">none</span> : <span className="font-mono text-xs">{tasksText(list)}</span>}
    </span>
  );
}

/** A KIP-1071 streams group: the topology the broker holds, drawn, then its subtopologies and the members' tasks. */
export function StreamsTopologyCard({ streams }: { streams: StreamsGroupInfo }) {
  const graph = streamsGraph(streams);
  const described = streams.subtopologies.some((s) => s.nodes && s.nodes.length > 0);
  return (
    <Card className="mb-5">
      <CardHeader
        title="Topology, as the broker knows it"
        description={`${formatCount(streams.subtopologies.length)} subtopolog${streams.subtopologies.length === 1 ? 'y' : 'ies'} · topology epoch ${streams.topologyEpoch ?? '—'} · ${
          described ? 'processor nodes as the application described them (StreamsGroupDescribe v1)' : 'subtopologies with their topics (the broker has no node-level description)'
        }`}
      />
      {graph.nodes.length === 0 ? (
        <EmptyState title="No topology yet">The application has not sent its topology to the group coordinator (no member has joined since the group was created).</EmptyState>
      ) : (
        <div className="p-3" data-testid="streams-topology">
          <TopologyGraph topology={graph} natural />
        </div>
      )}
      {streams.subtopologies.length > 0 && (
        <div className="overflow-x-auto border-t border-border">
          <Table className="w-full text-left text-[13px]" data-testid="subtopologies-table">
            <THead>
              <TR>
                <TH>Subtopology</TH>
                <TH>Source topics</TH>
                <TH>Repartition sinks</TH>
                <TH>Repartition sources</TH>
                <TH>Changelogs</TH>
              </TR>
            </THead>
            <TBody>
              {streams.subtopologies.map((s) => (
                <TR key={s.id} className="border-b border-border last:border-0" data-testid="subtopology-row" data-subtopology={s.id}>
                  <TD className="px-4 py-2 tabular">{s.id}</TD>
                  <TD className="px-4 py-2 font-mono text-xs">{s.sourceTopics.join(', ') || <span className="text-muted">none</span>}</TD>
                  <TD className="px-4 py-2 font-mono text-xs">{s.repartitionSinkTopics.join(', ') || <span className="text-muted">none</span>}</TD>
                  <TD className="px-4 py-2 font-mono text-xs">{s.repartitionSourceTopics.map((t) => `${t.name} (${t.partitions} partitions)`).join(', ') || <span className="text-muted">none</span>}</TD>
                  <TD className="px-4 py-2 font-mono text-xs">{s.changelogTopics.map((t) => `${t.name} (${t.partitions} partitions)`).join(', ') || <span className="text-muted">none</span>}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </div>
      )}
    </Card>
  );
}

export function StreamsMembersCard({ streams }: { streams: StreamsGroupInfo }) {
  return (
    <Card className="mb-5">
      <CardHeader title="Members and tasks" description="Each member is a Streams thread; a process (one KafkaStreams instance) runs one or more. Tasks are named subtopology_partition." />
      {streams.members.length === 0 ? (
        <EmptyState title="No active members">No instance of the application is running: its tasks are unassigned.</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <Table className="w-full text-left text-[13px]" data-testid="streams-members-table">
            <THead>
              <TR>
                <TH>Member id</TH>
                <TH>Process id</TH>
                <TH>Client id</TH>
                <TH>Host</TH>
                <TH>Tasks</TH>
              </TR>
            </THead>
            <TBody>
              {streams.members.map((m) => (
                <TR key={m.memberId} className="border-b border-border align-top last:border-0" data-testid="streams-member-row">
                  <TD className="max-w-56 truncate px-4 py-2 font-mono text-xs" title={m.memberId}>
                    {m.memberId}
                  </TD>
                  <TD className="max-w-56 truncate px-4 py-2 font-mono text-xs" title={m.processId}>
                    {m.processId}
                  </TD>
                  <TD className="max-w-64 truncate px-4 py-2" title={m.clientId}>
                    {m.clientId}
                  </TD>
                  <TD className="px-4 py-2 font-mono text-xs">{m.host}</TD>
                  <TD className="px-4 py-2 text-xs">
                    <Tasks label="active" list={m.tasks.active} testId="active-tasks" />
                    <Tasks label="standby" list={m.tasks.standby} testId="standby-tasks" />
                    <Tasks label="warm-up" list={m.tasks.warmup} testId="warmup-tasks" />
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </div>
      )}
    </Card>
  );
}

/** A Kafka Streams application's internal topics, linked to their topic pages. */
export function StreamsInternalTopicsCard({ cluster, data }: { cluster: string; data: GroupDetail }) {
  if (data.streamsInternalTopics.length === 0) return null;
  return (
    <Card className="mb-5">
      <CardHeader
        title="Kafka Streams internal topics"
        description={
          data.type === 'streams'
            ? 'Changelog and repartition topics of this application, from its topology'
            : `This ${data.type} group is a Kafka Streams application (application.id ${data.groupId}) on the classic rebalance protocol: its internal topics`
        }
      />
      <ul className="divide-y divide-border text-[13px]" data-testid="internal-topics">
        {data.streamsInternalTopics.map((t) => (
          <li key={t.name} className="flex items-center justify-between px-4 py-2">
            <Link href={`${clusterPath(cluster, 'topics')}/${encodeURIComponent(t.name)}`} className="font-mono text-xs text-accent hover:underline">
              {t.name}
            </Link>
            <span className="text-xs text-muted">{t.kind}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
