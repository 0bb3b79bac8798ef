'use client';
import { createColumnHelper } from '@tanstack/react-table';
import { ChevronLeft, ChevronRight, RefreshCw } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { useRefreshTopicIndex, useTopics } from '@/lib/client/use-topics';
import { TOPIC_SORTS, type TopicSort, type TopicSummary } from '@/lib/contracts/topics';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { cn } from '@/components/ui/cn';
import { formatAge, formatCount, formatMs, formatTime } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { Toolbar, ToolbarSearch } from '@/components/ui/toolbar';
import { StatusBadge } from '@/components/ui/status-badge';
import { clusterPath } from '@/components/shell/nav-items';
import { CreateTopicDialog } from './create-topic-dialog';
import { useReadOnly } from '@/lib/client/use-read-only';
import { useCan } from '@/lib/client/use-session';
import { useUrlState } from '@/lib/client/use-url-state';

export const TOPICS_PAGE_SIZE = 500;
const ROW_HEIGHT = 36;

export function TopicsView({ cluster }: { cluster: string }) {
  const { params, set } = useUrlState();
  const readOnly = useReadOnly(cluster);
  const isAdmin = useCan('admin');
  const search = params.get('q') ?? '';
  const internal = params.get('internal') === '1';
  const sortParam = params.get('sort') as TopicSort | null;
  const sort: TopicSort = sortParam && (TOPIC_SORTS as readonly string[]).includes(sortParam) ? sortParam : 'name';
  const dir = params.get('dir') === 'desc' ? 'desc' : 'asc';
  const page = Math.max(0, Number(params.get('page') ?? '0') || 0);

  // The box answers at once; the URL (and the query) follow after a pause in typing.
  const [draft, setDraft] = useState(search);
  useEffect(() => {
    if (draft === search) return;
    const t = setTimeout(() => set({ q: draft, page: null }), 250);
    return () => clearTimeout(t);
  }, [draft, search, set]);

  const query = useTopics(cluster, { search, internal, sort, dir, cursor: page * TOPICS_PAGE_SIZE, limit: TOPICS_PAGE_SIZE });
  const data = query.data;
  const total = data?.total ?? 0;
  const from = total === 0 ? 0 : page * TOPICS_PAGE_SIZE + 1;
  const to = Math.min(total, (page + 1) * TOPICS_PAGE_SIZE);

  const columns = useMemo(() => topicColumns(cluster), [cluster]);

  return (
    <>
      <PageHeader
        title="Topics"
        description={data ? `${formatCount(total)} topic${total === 1 ? '' : 's'}${search ? ` matching "${search}"` : ''}${internal ? ', internal included' : ''} · answered in ${formatMs(data.stats.latencyMs)} with ${data.stats.kafkaRequests} Kafka requests` : 'Loading…'}
        actions={
          readOnly ? (
            <StatusBadge tone="neutral">read-only cluster: no changes</StatusBadge>
          ) : isAdmin ? (
            <CreateTopicDialog cluster={cluster} />
          ) : (
            <StatusBadge tone="neutral">creating topics needs the admin role</StatusBadge>
          )
        }
      />
      <Toolbar label="Topic filters">
        <ToolbarSearch aria-label="Search topics" placeholder="Search topics" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <label className="flex items-center gap-2 text-xs text-muted">
          <input type="checkbox" checked={internal} onChange={(e) => set({ internal: e.target.checked ? '1' : null, page: null })} className="size-4 accent-[var(--accent)]" />
          Show internal topics
        </label>
        <div className="ml-auto flex items-center gap-2 text-xs text-muted tabular">
          {data && <TopicIndexAge cluster={cluster} indexedAt={data.indexedAt} ageMs={data.indexAgeMs} receivedAt={query.dataUpdatedAt} />}
          <span data-testid="topics-range">
            {formatCount(from)}–{formatCount(to)} of {formatCount(total)}
          </span>
          <button type="button" aria-label="Previous page" disabled={page === 0} onClick={() => set({ page: page - 1 ? String(page - 1) : null })} className="rounded border border-border p-1 disabled:opacity-40">
            <ChevronLeft aria-hidden className="size-4" />
          </button>
          <button type="button" aria-label="Next page" disabled={!data?.nextCursor} onClick={() => set({ page: String(page + 1) })} className="rounded border border-border p-1 disabled:opacity-40">
            <ChevronRight aria-hidden className="size-4" />
          </button>
        </div>
      </Toolbar>

      <Card>
        <DataTable
          label="Topics"
          data={data?.topics}
          columns={columns}
          getRowId={(t) => t.name}
          isPending={query.isPending}
          error={query.error}
          errorTitle="Could not load the topics"
          loadingLabel="Loading topics…"
          empty={search ? { title: `No topic matches "${search}"`, body: 'Try another search, or include internal topics.' } : { title: 'No topics yet', body: 'Create one with the button above.' }}
          sorting={[{ id: sort, desc: dir === 'desc' }]}
          onSortingChange={(s) => {
            const next = s[0];
            if (!next || !(TOPIC_SORTS as readonly string[]).includes(next.id)) return set({ sort: null, dir: null, page: null });
            // a new column starts with its largest values (most partitions, most messages), names A→Z
            const desc = next.id === sort ? next.desc : next.id !== 'name';
            set({ sort: next.id === 'name' ? null : next.id, dir: desc ? 'desc' : null, page: null });
          }}
          virtual={{ rowHeight: ROW_HEIGHT }}
          scrollTestId="topics-rows"
          rowTestId="topic-row"
          rowClassName={(t) => t.underReplicatedPartitions + t.offlinePartitions > 0 && 'bg-warn/5'}
          columnMenu
        />
      </Card>
      {query.error && data && <p className="mt-2 text-xs text-warn">Showing earlier results: {query.error.message}</p>}
    </>
  );
}

/**
 * How old the server's topic index was (names, filters and order come from it; each row's
 * partitions and offsets are read afresh), counting on in the browser, with a button that makes
 * the server read every topic again. Its own component: the 1 s tick re-renders only this.
 */
function TopicIndexAge({ cluster, indexedAt, ageMs, receivedAt }: { cluster: string; indexedAt: string; ageMs: number; receivedAt: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const refresh = useRefreshTopicIndex(cluster);
  const age = ageMs + Math.max(0, now - receivedAt);
  return (
    <span className="flex items-center gap-1" data-testid="topics-index-age">
      <span title={`Names and order from the server's topic index, read from Kafka at ${formatTime(indexedAt)}; each row's partitions, replicas and offsets are read as the page loads`}>
        {refresh.isPending ? 'reading every topic…' : `topic list as of ${formatAge(age)} ago`}
      </span>
      <button
        type="button"
        aria-label="Read the topic list from Kafka again"
        title="Read the topic list from Kafka again"
        disabled={refresh.isPending}
        onClick={() => refresh.mutate()}
        className="rounded p-1 hover:bg-border/40 disabled:opacity-40"
      >
        <RefreshCw aria-hidden className={cn('size-3.5', refresh.isPending && 'animate-spin')} />
      </button>
      {refresh.error && <span className="text-warn">refresh failed: {refresh.error.message}</span>}
      <span aria-hidden className="mx-1 h-3 border-l border-border" />
    </span>
  );
}

const col = createColumnHelper<TopicSummary>();

function topicColumns(cluster: string) {
  return [
    col.accessor('name', {
      header: 'Name',
      enableHiding: false,
      meta: { className: 'max-w-0 w-[40%]' },
      cell: ({ row: { original: t } }) => (
        <span className="flex min-w-0 items-center gap-2">
          <Link href={`${clusterPath(cluster, 'topics')}/${encodeURIComponent(t.name)}`} className="truncate font-medium text-accent hover:underline" title={t.name}>
            {t.name}
          </Link>
          {t.internal && <StatusBadge tone="neutral">internal</StatusBadge>}
        </span>
      ),
    }),
    col.accessor('partitions', { header: 'Partitions', meta: { align: 'right' }, cell: (c) => formatCount(c.getValue()) }),
    col.accessor('replicationFactor', { header: 'Replication', enableSorting: false, meta: { align: 'right' }, cell: (c) => `×${c.getValue()}` }),
    col.accessor('underReplicatedPartitions', {
      id: 'underReplicated',
      header: 'Under-replicated',
      meta: { align: 'right' },
      cell: (c) => (c.getValue() > 0 ? <StatusBadge tone="warn">{formatCount(c.getValue())} under</StatusBadge> : <span className="text-muted">0</span>),
    }),
    col.accessor('offlinePartitions', {
      header: 'Offline',
      enableSorting: false,
      meta: { align: 'right' },
      cell: (c) => (c.getValue() > 0 ? <StatusBadge tone="bad">{formatCount(c.getValue())} offline</StatusBadge> : <span className="text-muted">0</span>),
    }),
    col.accessor('messages', {
      header: 'Messages',
      meta: { align: 'right' },
      cell: ({ row: { original: t } }) => (
        <span title={t.messagesIsEstimate ? 'Estimate: latest minus earliest offset; compaction removes records inside that range' : 'Latest minus earliest offset'}>
          {t.messagesIsEstimate ? '≈ ' : ''}
          {formatCount(t.messages)}
          <span className="ml-1 text-xs text-muted">msgs</span>
        </span>
      ),
    }),
    col.accessor('cleanupPolicy', { header: 'Cleanup', enableSorting: false, meta: { className: 'text-xs text-muted' }, cell: (c) => c.getValue() ?? 'unknown' }),
  ];
}
