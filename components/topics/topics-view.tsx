'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp, ChevronLeft, ChevronRight, Search } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { useTopics } from '@/lib/client/use-topics';
import { TOPIC_SORTS, type TopicSort, type TopicSummary } from '@/lib/contracts/topics';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { formatCount, formatMs } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { clusterPath } from '@/components/shell/nav-items';
import { CreateTopicDialog } from './create-topic-dialog';
import { inputClass } from './form-bits';
import { useReadOnly } from './use-read-only';
import { useCan } from '@/lib/client/use-session';
import { useUrlState } from './use-url-state';

export const TOPICS_PAGE_SIZE = 500;
const ROW_HEIGHT = 36;
const COLS = 'grid grid-cols-[minmax(0,3fr)_repeat(5,minmax(0,1fr))_minmax(0,1.2fr)] gap-2';

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

  const toggleSort = (s: TopicSort) => set({ sort: s === 'name' ? null : s, dir: sort === s ? (dir === 'asc' ? 'desc' : null) : s === 'name' ? null : 'desc', page: null });

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
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <div className="relative w-72">
          <Search aria-hidden className="pointer-events-none absolute left-2 top-2 size-4 text-muted" />
          <input type="search" aria-label="Search topics" placeholder="Search topics" className={cn(inputClass, 'pl-8')} value={draft} onChange={(e) => setDraft(e.target.value)} />
        </div>
        <label className="flex items-center gap-2 text-xs text-muted">
          <input type="checkbox" checked={internal} onChange={(e) => set({ internal: e.target.checked ? '1' : null, page: null })} className="size-4 accent-[var(--accent)]" />
          Show internal topics
        </label>
        <div className="ml-auto flex items-center gap-2 text-xs text-muted tabular">
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
      </div>

      <Card>
        <div role="table" aria-label="Topics" aria-rowcount={total + 1} className="text-[13px]">
          <div role="rowgroup">
            <div role="row" className={cn(COLS, 'border-b border-border px-4 py-2 text-xs text-muted')}>
              <SortHeader label="Name" s="name" sort={sort} dir={dir} onSort={toggleSort} />
              <SortHeader label="Partitions" s="partitions" sort={sort} dir={dir} onSort={toggleSort} right />
              <span role="columnheader" className="text-right font-medium">
                Replication
              </span>
              <SortHeader label="Under-replicated" s="underReplicated" sort={sort} dir={dir} onSort={toggleSort} right />
              <span role="columnheader" className="text-right font-medium">
                Offline
              </span>
              <SortHeader label="Messages" s="messages" sort={sort} dir={dir} onSort={toggleSort} right />
              <span role="columnheader" className="font-medium">
                Cleanup
              </span>
            </div>
          </div>
          {query.isPending ? (
            <Loading label="Loading topics…" />
          ) : query.error && !data ? (
            <div className="p-4">
              <ErrorState title="Could not load the topics" reason={query.error.message} />
            </div>
          ) : data && data.topics.length === 0 ? (
            <EmptyState title={search ? `No topic matches "${search}"` : 'No topics yet'}>{search ? 'Try another search, or include internal topics.' : 'Create one with the button above.'}</EmptyState>
          ) : (
            <Rows cluster={cluster} topics={data!.topics} offset={page * TOPICS_PAGE_SIZE} />
          )}
        </div>
      </Card>
      {query.error && data && <p className="mt-2 text-xs text-warn">Showing earlier results: {query.error.message}</p>}
    </>
  );
}

function SortHeader({ label, s, sort, dir, onSort, right }: { label: string; s: TopicSort; sort: TopicSort; dir: 'asc' | 'desc'; onSort: (s: TopicSort) => void; right?: boolean }) {
  const active = sort === s;
  return (
    <span role="columnheader" aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'} className={cn('font-medium', right && 'text-right')}>
      <button type="button" onClick={() => onSort(s)} className={cn('inline-flex items-center gap-1 hover:text-fg', active && 'text-fg')}>
        {label}
        {active && (dir === 'asc' ? <ArrowUp aria-hidden className="size-3" /> : <ArrowDown aria-hidden className="size-3" />)}
      </button>
    </span>
  );
}

/** Only the rows in view are in the DOM: a page of 500 costs ~25 rows of layout. */
function Rows({ cluster, topics, offset }: { cluster: string; topics: TopicSummary[]; offset: number }) {
  const parentRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions each render by design
  const virtualizer = useVirtualizer({ count: topics.length, getScrollElement: () => parentRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  return (
    <div ref={parentRef} role="rowgroup" className="overflow-y-auto" style={{ maxHeight: 'calc(100vh - 230px)', minHeight: Math.min(topics.length, 6) * ROW_HEIGHT }} data-testid="topics-rows">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((v) => {
          const t = topics[v.index]!;
          return (
            <div
              key={t.name}
              role="row"
              aria-rowindex={offset + v.index + 2}
              data-testid="topic-row"
              className={cn(COLS, 'absolute left-0 right-0 items-center border-b border-border px-4 tabular hover:bg-surface-2', t.underReplicatedPartitions + t.offlinePartitions > 0 && 'bg-warn/5')}
              style={{ height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
            >
              <span role="cell" className="flex min-w-0 items-center gap-2">
                <Link href={`${clusterPath(cluster, 'topics')}/${encodeURIComponent(t.name)}`} className="truncate font-medium text-accent hover:underline" title={t.name}>
                  {t.name}
                </Link>
                {t.internal && <StatusBadge tone="neutral">internal</StatusBadge>}
              </span>
              <span role="cell" className="text-right">
                {formatCount(t.partitions)}
              </span>
              <span role="cell" className="text-right">
                ×{t.replicationFactor}
              </span>
              <span role="cell" className="text-right">
                {t.underReplicatedPartitions > 0 ? <StatusBadge tone="warn">{formatCount(t.underReplicatedPartitions)} under</StatusBadge> : <span className="text-muted">0</span>}
              </span>
              <span role="cell" className="text-right">
                {t.offlinePartitions > 0 ? <StatusBadge tone="bad">{formatCount(t.offlinePartitions)} offline</StatusBadge> : <span className="text-muted">0</span>}
              </span>
              <span role="cell" className="text-right" title={t.messagesIsEstimate ? 'Estimate: latest minus earliest offset; compaction removes records inside that range' : 'Latest minus earliest offset'}>
                {t.messagesIsEstimate ? '≈ ' : ''}
                {formatCount(t.messages)}
                <span className="ml-1 text-xs text-muted">msgs</span>
              </span>
              <span role="cell" className="truncate text-xs text-muted">
                {t.cleanupPolicy ?? 'unknown'}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
