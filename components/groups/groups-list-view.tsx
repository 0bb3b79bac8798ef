'use client';
import Link from 'next/link';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { groupType, type GroupSummary, type GroupType, type LagStatus } from '@/lib/contracts/groups';
import { useGroups } from '@/lib/client/use-groups';
import { Card } from '@/components/ui/card';
import { controlClass } from '@/components/ui/form';
import { formatCount, formatMs, formatTime } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { DataTable } from '@/components/ui/data-table';
import { ErrorState, Skeleton } from '@/components/ui/states';
import { Toolbar, ToolbarField, ToolbarSearch } from '@/components/ui/toolbar';
import { useUrlState } from '@/lib/client/use-url-state';
import { clusterPath } from '@/components/shell/nav-items';
import { LagStatusBadge } from './lag-status';
import { GROUP_TYPE_HINT, GROUP_TYPE_LABEL } from './group-type';
import { Sparkline } from './sparkline';

const sortKeys = ['group', 'type', 'state', 'assignor', 'members', 'topics', 'lag', 'status'] as const;
type SortKey = (typeof sortKeys)[number];
const severity: Record<LagStatus, number> = { UNKNOWN: 0, OK: 1, WARNING: 2, REWOUND: 3, STALLED: 4, STOPPED: 5 };

function compare(a: GroupSummary, b: GroupSummary, key: SortKey): number {
  switch (key) {
    case 'group':
      return a.groupId.localeCompare(b.groupId);
    case 'type':
      return a.type.localeCompare(b.type);
    case 'state':
      return a.state.localeCompare(b.state);
    case 'assignor':
      return a.protocol.localeCompare(b.protocol);
    case 'members':
      return a.members - b.members;
    case 'topics':
      return a.topics.length - b.topics.length;
    case 'lag':
      return (a.totalLag ?? -1) - (b.totalLag ?? -1);
    case 'status':
      return severity[a.status] - severity[b.status];
  }
}

export function GroupsListView({ cluster }: { cluster: string }) {
  const { data, error, isPending } = useGroups(cluster);
  const { params, set: setParams } = useUrlState();
  const columns = useMemo(() => groupColumns(cluster), [cluster]);
  const q = params.get('q') ?? '';
  const sort = (sortKeys as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as SortKey) : 'lag';
  const dir = params.get('dir') === 'asc' ? 'asc' : 'desc';
  const typeParam = groupType.safeParse(params.get('type'));
  const type: GroupType | null = typeParam.success ? typeParam.data : null;

  const rows = useMemo(() => {
    if (!data) return [];
    const needle = q.trim().toLowerCase();
    const filtered = data.groups.filter(
      (g) => (!type || g.type === type) && (!needle || g.groupId.toLowerCase().includes(needle) || g.topics.some((t) => t.toLowerCase().includes(needle))),
    );
    const sorted = [...filtered].sort((a, b) => compare(a, b, sort) || a.groupId.localeCompare(b.groupId));
    return dir === 'desc' ? sorted.reverse() : sorted;
  }, [data, q, type, sort, dir]);

  const header = (
    <PageHeader
      title="Consumer groups"
      description="Lag now, lag over time, and a Burrow-style verdict per group. Status is the worst partition's."
      actions={
        data && (
          <p className="text-xs text-muted tabular">
            {formatCount(data.groups.length)} groups · fetched {formatTime(data.fetchedAt)} in {formatMs(data.latencyMs)} ({formatCount(data.kafkaRequests)} Kafka requests) ·{' '}
            {data.sampler.intervalMs > 0 ? `lag sampled every ${Math.round(data.sampler.intervalMs / 1000)} s` : 'lag sampler off'}
            {error && <span className="ml-2 text-warn">(stale: {error.message})</span>}
          </p>
        )
      }
    />
  );

  if (isPending) {
    return (
      <>
        {header}
        <Card className="space-y-2 p-4">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="h-6" />
          ))}
        </Card>
      </>
    );
  }
  if (error && !data) {
    return (
      <>
        {header}
        <ErrorState title="Could not load the consumer groups" reason={error.message} />
      </>
    );
  }

  return (
    <>
      {header}
      <Toolbar label="Group filters">
        <ToolbarSearch aria-label="Search groups or topics" defaultValue={q} placeholder="Search groups or topics" onChange={(e) => setParams({ q: e.target.value })} />
        <ToolbarField label="Type">
          <select className={controlClass} value={type ?? ''} onChange={(e) => setParams({ type: e.target.value })} data-testid="group-type-filter">
            <option value="">all</option>
            {groupType.options.map((t) => (
              <option key={t} value={t}>
                {GROUP_TYPE_LABEL[t]}
              </option>
            ))}
          </select>
        </ToolbarField>
        <span className="text-xs text-muted tabular">
          {q || type ? `${formatCount(rows.length)} of ${formatCount(data!.groups.length)} match` : ''}
        </span>
      </Toolbar>
      <Card>
        <DataTable
          label="Consumer groups"
          data={rows}
          columns={columns}
          getRowId={(g) => g.groupId}
          testId="groups-table"
          rowTestId="group-row"
          rowProps={(g) => ({ 'data-group': g.groupId })}
          dense
          empty={{
            title: q || type ? 'No group matches' : 'No consumer groups',
            body: q || type ? `No ${type ? `${GROUP_TYPE_LABEL[type]} ` : ''}group${q ? ` named or reading “${q}”` : ''}.` : 'No consumer group has joined or committed offsets on this cluster yet.',
          }}
          // the sort is the list's own (severity order for status, no-commit lag last): kept in ?sort=&dir=
          sorting={[{ id: sort, desc: dir === 'desc' }]}
          onSortingChange={(next) => {
            const s = next[0];
            if (!s || !(sortKeys as readonly string[]).includes(s.id)) return setParams({ sort: null, dir: null });
            setParams({ sort: s.id, dir: s.id === sort ? (dir === 'desc' ? 'asc' : 'desc') : 'desc' });
          }}
          columnMenu
        />
      </Card>
    </>
  );
}

const col = createColumnHelper<GroupSummary>();

function groupColumns(cluster: string) {
  return [
    col.accessor('groupId', {
      id: 'group',
      header: 'Group id',
      enableHiding: false,
      meta: { className: 'max-w-56 truncate font-medium' },
      cell: (c) => (
        <Link className="text-accent hover:underline" title={c.getValue()} href={`${clusterPath(cluster, 'groups')}/${encodeURIComponent(c.getValue())}`}>
          {c.getValue()}
        </Link>
      ),
    }),
    col.accessor('type', {
      header: 'Type',
      meta: { className: 'whitespace-nowrap', cellTestId: 'group-type' },
      cell: (c) => <span title={GROUP_TYPE_HINT[c.getValue()]}>{GROUP_TYPE_LABEL[c.getValue()]}</span>,
    }),
    col.accessor('state', { header: 'State' }),
    col.accessor('protocol', {
      id: 'assignor',
      header: 'Protocol / assignor',
      meta: { className: 'text-xs whitespace-nowrap text-muted' },
      cell: ({ row: { original: g } }) => (
        <>
          {g.protocolType || '—'}
          {g.protocol && <span className="block text-fg">{g.protocol}</span>}
        </>
      ),
    }),
    col.accessor('members', { header: 'Members', meta: { align: 'right' }, cell: (c) => formatCount(c.getValue()) }),
    col.accessor((g) => g.topics.length, {
      id: 'topics',
      header: 'Topics',
      meta: { className: 'max-w-48 truncate' },
      cell: ({ row: { original: g } }) => (
        <span title={g.topics.join(', ')}>{g.topics.length === 0 ? <span className="text-muted">none</span> : g.topics.length <= 2 ? g.topics.join(', ') : `${g.topics.slice(0, 2).join(', ')} +${g.topics.length - 2}`}</span>
      ),
    }),
    col.accessor('totalLag', {
      id: 'lag',
      header: 'Lag (messages)',
      meta: { align: 'right', className: 'whitespace-nowrap' },
      cell: ({ row: { original: g } }) => (
        <>
          <span data-testid="group-lag">{g.totalLag == null ? <span className="text-muted">no commits</span> : formatCount(g.totalLag)}</span>
          {g.partitionsWithoutCommit > 0 && g.totalLag != null && (
            <span className="block text-[11px] text-muted" title="partitions without a committed offset are not counted in the lag">
              {g.partitionsWithoutCommit} partition{g.partitionsWithoutCommit === 1 ? '' : 's'} {g.type === 'share' ? 'not initialized' : 'not committed'}
            </span>
          )}
        </>
      ),
    }),
    col.display({
      id: 'trend',
      header: 'Trend',
      cell: ({ row: { original: g } }) => <Sparkline width={72} values={g.sparkline} label={`total lag of ${g.groupId} over the last ${g.sparkline.length} samples`} />,
    }),
    col.accessor('status', { header: 'Status', cell: ({ row: { original: g } }) => <LagStatusBadge status={g.status} reason={g.statusReason} /> }),
  ];
}
