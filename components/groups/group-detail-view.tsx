'use client';
import Link from 'next/link';
import { useUrlState } from '@/lib/client/use-url-state';
import { Fragment } from 'react';
import { lagRange, type GroupDetail, type LagRange } from '@/lib/contracts/groups';
import { useGroup, useLagHistory } from '@/lib/client/use-groups';
import { ApiError } from '@/lib/client/api-fetch';
import { Card, CardHeader } from '@/components/ui/card';
import { formatCount, formatTime } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { Stat } from '@/components/ui/stat';
import { EmptyState, ErrorState, Loading, Skeleton } from '@/components/ui/states';
import { clusterPath } from '@/components/shell/nav-items';
import { GROUP_TYPE_PHRASE } from './group-type';
import { DeleteGroupDialog } from './delete-group-dialog';
import { LagOverTimeChart, RatesChart } from './lag-chart';
import { formatEta, formatRate, LagStatusBadge } from './lag-status';
import { ResetOffsetsDialog } from './reset-offsets-dialog';
import { DeleteShareOffsetsDialog } from './delete-share-offsets-dialog';
import { StreamsInternalTopicsCard, StreamsMembersCard, StreamsTopologyCard } from './streams-group-cards';
import { useCan } from '@/lib/client/use-session';
import { useReadOnly } from '@/lib/client/use-read-only';
import { StatusBadge } from '@/components/ui/status-badge';
import { ResourceAcls } from '@/components/security/resource-acls';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';
import { DataTable } from '@/components/ui/data-table';
import { createColumnHelper } from '@tanstack/react-table';

/** Reset needs operator, delete needs admin; a read-only cluster offers neither (the server decides anyway). */
function GroupActions({ cluster, group }: { cluster: string; group: GroupDetail }) {
  const readOnly = useReadOnly(cluster);
  const canReset = useCan('operator');
  const canDelete = useCan('admin');
  if (readOnly) return <StatusBadge tone="neutral">read-only cluster: no changes</StatusBadge>;
  return (
    <div className="flex gap-2">
      {canReset && <ResetOffsetsDialog cluster={cluster} group={group} />}
      {canDelete && <DeleteGroupDialog cluster={cluster} group={group} />}
    </div>
  );
}

const rangeLabels: Record<LagRange, string> = { '15m': '15 min', '1h': '1 hour', '6h': '6 hours', '24h': '24 hours', '7d': '7 days' };

export function GroupDetailView({ cluster, group }: { cluster: string; group: string }) {
  const { data, error, isPending } = useGroup(cluster, group);
  const back = (
    <Link href={clusterPath(cluster, 'groups')} className="text-xs text-accent hover:underline">
      ← Consumer groups
    </Link>
  );
  if (isPending) {
    return (
      <>
        {back}
        <PageHeader title={group} />
        <div className="grid gap-3 md:grid-cols-4">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-20" />
          ))}
        </div>
      </>
    );
  }
  if (error && !data) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <>
        {back}
        <PageHeader title={group} />
        {missing ? <EmptyState title="No such consumer group">{error.message}</EmptyState> : <ErrorState title="Could not load this group" reason={error.message} />}
      </>
    );
  }
  return (
    <>
      {back}
      <Detail cluster={cluster} data={data!} stale={error?.message ?? null} />
    </>
  );
}

function Detail({ cluster, data, stale }: { cluster: string; data: GroupDetail; stale: string | null }) {
  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            <span className="font-mono">{data.groupId}</span>
            <LagStatusBadge status={data.status} reason={data.statusReason} />
          </span>
        }
        description={
          <span data-testid="group-status-reason">
            {data.statusReason} · fetched {formatTime(data.fetchedAt)}
            {stale && <span className="ml-2 text-warn">(stale: {stale})</span>}
          </span>
        }
        actions={
          <GroupActions cluster={cluster} group={data} />
        }
      />
      <dl className="mb-5 grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Total lag" value={data.totalLag == null ? '—' : <span data-testid="total-lag">{formatCount(data.totalLag)}</span>} unit="messages" tone={data.status === 'STALLED' || data.status === 'STOPPED' ? 'bad' : data.status === 'WARNING' ? 'warn' : undefined} />
        <Stat
          label="State"
          value={data.state}
          hint={`${GROUP_TYPE_PHRASE[data.type]}${data.protocol ? ` · ${data.protocol} assignor` : ''}`}
        />
        <Stat label="Members" value={formatCount(data.members.length)} unit={data.members.length === 1 ? 'member' : 'members'} />
        <Stat label="Time to catch up" value={formatEta(data.catchUpSeconds)} hint="at the recent consumption and production rates" />
      </dl>
      {data.streams && <StreamsTopologyCard streams={data.streams} />}
      <HistoryCard cluster={cluster} group={data.groupId} />
      {data.streams ? <StreamsMembersCard streams={data.streams} /> : <MembersCard data={data} />}
      <StreamsInternalTopicsCard cluster={cluster} data={data} />
      <PartitionsCard cluster={cluster} data={data} />
      <div className="mt-5">
        <ResourceAcls cluster={cluster} resourceType="GROUP" name={data.groupId} />
      </div>
    </>
  );
}

function HistoryCard({ cluster, group }: { cluster: string; group: string }) {
  const { params, set } = useUrlState();
  const parsed = lagRange.safeParse(params.get('range'));
  const range: LagRange = parsed.success ? parsed.data : '1h';
  const { data, error, isPending } = useLagHistory(cluster, group, range);
  const setRange = (r: LagRange) => set({ range: r });
  return (
    <Card className="mb-5">
      <CardHeader
        title="Lag over time"
        description={data ? `Sampled every ${Math.round(data.intervalMs / 1000)} s by the console; per topic, stacked` : 'Sampled by the console'}
        actions={
          <div role="group" aria-label="Time range" className="flex overflow-hidden rounded-md border border-border text-xs">
            {lagRange.options.map((r) => (
              <button
                key={r}
                type="button"
                aria-pressed={r === range}
                onClick={() => setRange(r)}
                className={`px-2.5 py-1 ${r === range ? 'bg-accent text-accent-fg' : 'bg-surface hover:bg-surface-2'}`}
              >
                {rangeLabels[r]}
              </button>
            ))}
          </div>
        }
      />
      <div className="p-4">
        {isPending ? (
          <Loading label="Loading lag history…" />
        ) : error && !data ? (
          <ErrorState title="Could not load the lag history" reason={error.message} />
        ) : data!.points.length === 0 ? (
          <EmptyState title="No samples in this range yet">The sampler records lag every {Math.round(data!.intervalMs / 1000)} s; the chart fills in as it does.</EmptyState>
        ) : (
          <>
            <LagOverTimeChart history={data!} />
            <h3 className="mt-4 mb-1 text-xs font-medium text-muted">Consumption and production rates (messages per second)</h3>
            <RatesChart history={data!} />
          </>
        )}
      </div>
    </Card>
  );
}

const memberCol = createColumnHelper<GroupDetail['members'][number]>();
const memberColumns = [
  memberCol.accessor('memberId', { header: 'Member id', meta: { className: 'max-w-80 truncate font-mono text-xs' }, cell: (c) => <span title={c.getValue()}>{c.getValue()}</span> }),
  memberCol.accessor('clientId', { header: 'Client id' }),
  memberCol.accessor('host', { header: 'Host', meta: { className: 'font-mono text-xs' } }),
  memberCol.accessor((m) => m.assignment.reduce((n, a) => n + a.partitions.length, 0), {
    id: 'assignment',
    header: 'Assigned partitions',
    meta: { className: 'tabular' },
    cell: ({ row: { original: m } }) => (m.assignment.length === 0 ? <span className="text-muted">none</span> : m.assignment.map((a) => `${a.topic} [${a.partitions.join(', ')}]`).join('; ')),
  }),
];

function MembersCard({ data }: { data: GroupDetail }) {
  const share = data.type === 'share';
  return (
    <Card className="mb-5">
      <CardHeader
        title="Members"
        description={share ? 'Share consumers in the group now, and the partitions assigned to each (a share-partition can be assigned to several members at once)' : 'Consumers in the group now, and the partitions assigned to each'}
      />
      <DataTable
        label="Members"
        data={data.members}
        columns={memberColumns}
        getRowId={(m) => m.memberId}
        testId="members-table"
        rowTestId="member-row"
        empty={{
          title: 'No active members',
          body: share
            ? `The share group is ${data.state.toLowerCase()}: its start offsets stay until the group or its offsets are deleted.`
            : `The group is ${data.state.toLowerCase()}: its committed offsets stay until it is deleted or they expire.`,
        }}
      />
    </Card>
  );
}

function PartitionsCard({ cluster, data }: { cluster: string; data: GroupDetail }) {
  const share = data.type === 'share';
  return (
    <Card>
      <CardHeader
        title={share ? 'Start offsets and lag per share-partition' : 'Offsets and lag per partition'}
        description={
          share
            ? 'Start offset: below it every record is acknowledged or archived. Lag: records from the start offset to the log end not yet acknowledged, as the broker counts them (kafka-share-groups.sh --describe shows the same).'
            : data.transactionsInPlay
            ? 'A transaction is open on some partition: "lag to stable" is what a read_committed consumer can still read (up to the last stable offset).'
            : 'Lag = log end offset − committed offset. "Lag to stable" counts only up to the last stable offset, where read_committed consumers stop.'
        }
      />
      {data.partitions.length === 0 ? (
        <EmptyState title="No partitions">{share ? 'The share group has no start offsets and no assignment.' : 'The group has no committed offsets and no assignment.'}</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <Table className="w-full text-left text-[13px]" data-testid="partitions-table">
            <THead>
              <TR>
                <TH>Partition</TH>
                <TH className="px-3 py-2 text-right font-medium">{share ? 'Start offset' : 'Committed'}</TH>
                <TH className="px-3 py-2 text-right font-medium">Log end</TH>
                <TH className="px-3 py-2 text-right font-medium">Lag (messages)</TH>
                <TH className="px-3 py-2 text-right font-medium">Lag to stable</TH>
                <TH>Consumer</TH>
                <TH>Offset last moved</TH>
                <TH>Status</TH>
              </TR>
            </THead>
            <TBody className="tabular">
              {data.topics.map((t) => (
                <Fragment key={t.topic}>
                  <TR className="border-b border-border bg-surface-2/60" data-testid="topic-total-row" data-topic={t.topic}>
                    <TD className="px-3 py-1.5 font-medium" colSpan={3}>
                      {t.topic} <span className="text-xs font-normal text-muted">({t.partitions} partitions)</span>
                    </TD>
                    <TD className="px-3 py-1.5 text-right font-medium">{t.lag == null ? '—' : formatCount(t.lag)}</TD>
                    <TD className="px-3 py-1.5 text-right">{t.lagToStable == null ? '—' : formatCount(t.lagToStable)}</TD>
                    <TD className="px-3 py-1.5 text-xs text-muted" colSpan={3}>
                      <span className="flex items-center justify-between gap-2">
                        <span>
                          consuming {formatRate(t.consumeRate)} msg/s · producing {formatRate(t.produceRate)} msg/s · catch-up {formatEta(t.catchUpSeconds)}
                        </span>
                        {share && <ShareOffsetsAction cluster={cluster} data={data} topic={t.topic} />}
                      </span>
                    </TD>
                  </TR>
                  {data.partitions
                    .filter((p) => p.topic === t.topic)
                    .map((p) => (
                      <TR key={`${p.topic}-${p.partition}`} className="border-b border-border last:border-0" data-testid="partition-row" data-topic={p.topic} data-partition={p.partition}>
                        <TD className="px-3 py-1.5 pl-6">{p.partition}</TD>
                        <TD className="px-3 py-1.5 text-right" data-testid="committed">
                          {p.committed == null ? <span className="text-muted">{share ? 'not initialized' : 'no commit'}</span> : formatCount(p.committed)}
                        </TD>
                        <TD className="px-3 py-1.5 text-right">{formatCount(p.logEnd)}</TD>
                        <TD className="px-3 py-1.5 text-right" data-testid="lag">
                          {p.lag == null ? '—' : formatCount(p.lag)}
                        </TD>
                        <TD className="px-3 py-1.5 text-right">{p.lagToStable == null ? '—' : formatCount(p.lagToStable)}</TD>
                        <TD className="max-w-48 truncate px-3 py-1.5 text-xs" title={p.memberId ?? undefined}>
                          {p.clientId ?? <span className="text-muted">unassigned</span>}
                        </TD>
                        <TD className="px-3 py-1.5 text-xs text-muted">{p.lastMovedAt ? formatTime(p.lastMovedAt) : 'not in window'}</TD>
                        <TD className="px-3 py-1.5">
                          <span className="flex items-center gap-2">
                            <LagStatusBadge status={p.status} reason={p.statusReason} />
                            <span className="max-w-72 truncate text-xs text-muted" title={p.statusReason}>
                              {p.statusReason}
                            </span>
                          </span>
                        </TD>
                      </TR>
                    ))}
                </Fragment>
              ))}
            </TBody>
          </Table>
        </div>
      )}
    </Card>
  );
}

/** Deleting a share group's offsets for a topic needs operator, like a reset; a read-only cluster offers nothing. */
function ShareOffsetsAction({ cluster, data, topic }: { cluster: string; data: GroupDetail; topic: string }) {
  const readOnly = useReadOnly(cluster);
  const canReset = useCan('operator');
  if (readOnly || !canReset) return null;
  return <DeleteShareOffsetsDialog cluster={cluster} group={data} topic={topic} />;
}
