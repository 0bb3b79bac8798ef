'use client';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { ArrowDown, ArrowUp, Search } from 'lucide-react';
import { useMemo } from 'react';
import { groupType, type GroupSummary, type GroupType, type LagStatus } from '@/lib/contracts/groups';
import { useGroups } from '@/lib/client/use-groups';
import { Card } from '@/components/ui/card';
import { controlClass } from '@/components/ui/controls';
import { formatCount, formatMs, formatTime } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
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
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const q = params.get('q') ?? '';
  const sort = (sortKeys as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as SortKey) : 'lag';
  const dir = params.get('dir') === 'asc' ? 'asc' : 'desc';
  const typeParam = groupType.safeParse(params.get('type'));
  const type: GroupType | null = typeParam.success ? typeParam.data : null;

  const setParams = (next: Record<string, string | null>) => {
    const sp = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v == null || v === '') sp.delete(k);
      else sp.set(k, v);
    }
    router.replace(`${pathname}${sp.size ? `?${sp}` : ''}`, { scroll: false });
  };

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

  const th = (key: SortKey, label: string, align: 'left' | 'right' = 'left') => {
    const active = sort === key;
    return (
      <th className={`px-3 py-2 font-medium ${align === 'right' ? 'text-right' : ''}`} aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <button
          type="button"
          className="inline-flex items-center gap-1 hover:text-fg"
          onClick={() => setParams({ sort: key, dir: active && dir === 'desc' ? 'asc' : 'desc' })}
        >
          {label}
          {active && (dir === 'asc' ? <ArrowUp aria-hidden className="size-3" /> : <ArrowDown aria-hidden className="size-3" />)}
        </button>
      </th>
    );
  };

  return (
    <>
      {header}
      <div className="mb-3 flex items-center gap-2">
        <label className="relative">
          <span className="sr-only">Search groups or topics</span>
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2 size-3.5 -translate-y-1/2 text-muted" />
          <input
            type="search"
            defaultValue={q}
            placeholder="Search groups or topics"
            onChange={(e) => setParams({ q: e.target.value })}
            className="h-8 w-72 rounded-md border border-border bg-surface pr-2 pl-7 text-[13px] outline-none focus:border-accent"
          />
        </label>
        <label className="flex items-center gap-1.5 text-xs text-muted">
          Type
          <select className={controlClass} value={type ?? ''} onChange={(e) => setParams({ type: e.target.value })} data-testid="group-type-filter">
            <option value="">all</option>
            {groupType.options.map((t) => (
              <option key={t} value={t}>
                {GROUP_TYPE_LABEL[t]}
              </option>
            ))}
          </select>
        </label>
        <span className="text-xs text-muted tabular">
          {q || type ? `${formatCount(rows.length)} of ${formatCount(data!.groups.length)} match` : ''}
        </span>
      </div>
      <Card>
        {rows.length === 0 ? (
          <EmptyState title={q || type ? 'No group matches' : 'No consumer groups'}>
            {q || type
              ? `No ${type ? `${GROUP_TYPE_LABEL[type]} ` : ''}group${q ? ` named or reading “${q}”` : ''}.`
              : 'No consumer group has joined or committed offsets on this cluster yet.'}
          </EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-[13px]" data-testid="groups-table">
              <thead className="text-xs text-muted">
                <tr className="border-b border-border">
                  {th('group', 'Group id')}
                  {th('type', 'Type')}
                  {th('state', 'State')}
                  {th('assignor', 'Protocol / assignor')}
                  {th('members', 'Members', 'right')}
                  {th('topics', 'Topics')}
                  {th('lag', 'Lag (messages)', 'right')}
                  <th className="px-3 py-2 font-medium">Trend</th>
                  {th('status', 'Status')}
                </tr>
              </thead>
              <tbody className="tabular">
                {rows.map((g) => (
                  <tr key={g.groupId} className="border-b border-border last:border-0 hover:bg-surface-2/60" data-testid="group-row" data-group={g.groupId}>
                    <td className="max-w-56 truncate px-3 py-1.5 font-medium" title={g.groupId}>
                      <Link className="text-accent hover:underline" href={`${clusterPath(cluster, 'groups')}/${encodeURIComponent(g.groupId)}`}>
                        {g.groupId}
                      </Link>
                    </td>
                    <td className="px-3 py-1.5 whitespace-nowrap" title={GROUP_TYPE_HINT[g.type]} data-testid="group-type">
                      {GROUP_TYPE_LABEL[g.type]}
                    </td>
                    <td className="px-3 py-1.5">{g.state}</td>
                    <td className="px-3 py-1.5 text-xs whitespace-nowrap text-muted">
                      {g.protocolType || '—'}
                      {g.protocol && <span className="block text-fg">{g.protocol}</span>}
                    </td>
                    <td className="px-3 py-1.5 text-right">{formatCount(g.members)}</td>
                    <td className="max-w-48 truncate px-3 py-1.5" title={g.topics.join(', ')}>
                      {g.topics.length === 0 ? <span className="text-muted">none</span> : g.topics.length <= 2 ? g.topics.join(', ') : `${g.topics.slice(0, 2).join(', ')} +${g.topics.length - 2}`}
                    </td>
                    <td className="px-3 py-1.5 text-right whitespace-nowrap">
                      <span data-testid="group-lag">{g.totalLag == null ? <span className="text-muted">no commits</span> : formatCount(g.totalLag)}</span>
                      {g.partitionsWithoutCommit > 0 && g.totalLag != null && (
                        <span className="block text-[11px] text-muted" title="partitions without a committed offset are not counted in the lag">
                          {g.partitionsWithoutCommit} partition{g.partitionsWithoutCommit === 1 ? '' : 's'} {g.type === 'share' ? 'not initialized' : 'not committed'}
                        </span>
                      )}
                    </td>
                    <td className="px-3 py-1.5">
                      <Sparkline width={72} values={g.sparkline} label={`total lag of ${g.groupId} over the last ${g.sparkline.length} samples`} />
                    </td>
                    <td className="px-3 py-1.5">
                      <LagStatusBadge status={g.status} reason={g.statusReason} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
