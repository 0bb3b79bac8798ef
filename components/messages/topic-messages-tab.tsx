'use client';
import { ChevronDown, ChevronLeft, ChevronRight, ChevronUp, Download, RotateCcw, Send, Upload } from 'lucide-react';
import { applyUrlPatch, useUrlState } from '@/lib/client/use-url-state';
import { Fragment, memo, useCallback, useMemo, useState } from 'react';
import type { WireMessage } from '@/lib/contracts/messages';
import { useMessages } from '@/lib/client/use-messages';
import { useCan } from '@/lib/client/use-session';
import { ReplayDialog } from '@/components/replay/replay-dialog';
import { toExportCsv, toExportJson } from '@/lib/messages/export';
import { Card, CardHeader } from '@/components/ui/card';
import { controlClass } from '@/components/ui/form';
import { formatCount, formatMs, toDateTimeLocal } from '@/components/ui/format';
import { EmptyState, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { FilterBar, filterNames, type FilterValues } from './filter-bar';
import { BytesPreview, downloadText, formatTimestamp, MessageDetail } from './message-parts';
import { ProduceForm } from './produce-form';
import { TopicSearch } from './topic-search';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';

// URL search params this tab owns (a link restores the same page of the same search).
const PARAMS = ['partition', 'from', 'limit', 'sort', 'key', 'cursor', 'scan', ...filterNames] as const;

/** The topic page's Messages tab: browse (seek, page, sort, filter, find by key) and produce. */
export function TopicMessagesTab({ cluster, topic }: { cluster: string; topic: string }) {
  const { params: search, update } = useUrlState();
  const params = useMemo(() => {
    const p: Record<string, string> = {};
    for (const k of PARAMS) {
      const v = search.get(k);
      if (v) p[k] = v;
    }
    return p;
  }, [search]);
  const setParams = useCallback(
    (change: Record<string, string | undefined>, keepCursor = false) =>
      update((next) => {
        applyUrlPatch(next, change);
        if (!keepCursor && !('cursor' in change)) next.delete('cursor');
      }),
    [update],
  );
  // scan=1 belongs to the whole-topic search, not to the page browsed
  const browseParams = useMemo(() => Object.fromEntries(Object.entries(params).filter(([k]) => k !== 'scan')), [params]);
  const query = useMessages(cluster, topic, browseParams);
  const [open, setOpen] = useState<string | null>(null);
  const [producing, setProducing] = useState(false);
  // Replay (issue 21): messages picked by checkbox, by "partition:offset".
  const canReplay = useCan('operator');
  const [picked, setPicked] = useState<Set<string>>(() => new Set());
  const togglePick = useCallback(
    (id: string) =>
      setPicked((cur) => {
        const next = new Set(cur);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );

  const from = params.from ?? 'latest';
  const fromKind = from.split(':')[0] as 'latest' | 'earliest' | 'offset' | 'timestamp';
  const filters: FilterValues = { keyContains: params.keyContains ?? '', valueContains: params.valueContains ?? '', headerContains: params.headerContains ?? '', where: params.where ?? '' };
  const data = query.data;
  const messages = data?.messages ?? [];
  return (
    <div className="space-y-3" data-testid="topic-messages">
      <Card>
        <CardHeader
          title="Produce"
          description="Send a message to this topic: JSON is checked before it is sent; the answer names its partition and offset."
          actions={
            <button type="button" aria-expanded={producing} className="inline-flex items-center gap-1 rounded border border-border px-2 py-1 text-xs" onClick={() => setProducing((v) => !v)}>
              <Send className="size-3.5" aria-hidden />
              {producing ? 'Hide form' : 'Produce message'}
            </button>
          }
        />
        {producing && (
          <div className="p-4">
            <ProduceForm cluster={cluster} topic={topic} />
          </div>
        )}
      </Card>

      <Card>
        <div className="flex flex-wrap items-end gap-2 border-b border-border px-4 py-3">
          <label className="flex flex-col gap-0.5 text-[11px] text-muted">
            Start
            <select
              className={controlClass}
              value={fromKind}
              onChange={(e) => {
                const k = e.target.value;
                setParams({ from: k === 'offset' ? 'offset:0' : k === 'timestamp' ? `timestamp:${Date.now() - 3_600_000}` : k });
              }}
            >
              <option value="latest">Latest (newest N)</option>
              <option value="earliest">Beginning</option>
              <option value="offset">At an offset</option>
              <option value="timestamp">At a time</option>
            </select>
          </label>
          {fromKind === 'offset' && (
            <label className="flex flex-col gap-0.5 text-[11px] text-muted">
              Offset
              <input className={`${controlClass} w-28`} type="number" min={0} defaultValue={from.slice(7)} key={from} onBlur={(e) => setParams({ from: `offset:${Math.max(0, Number(e.target.value) || 0)}` })} onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()} />
            </label>
          )}
          {fromKind === 'timestamp' && (
            <label className="flex flex-col gap-0.5 text-[11px] text-muted">
              Time (local)
              <input className={controlClass} type="datetime-local" defaultValue={toDateTimeLocal(Number(from.slice(10)))} key={from} onBlur={(e) => e.target.value && setParams({ from: `timestamp:${new Date(e.target.value).getTime()}` })} />
            </label>
          )}
          <label className="flex flex-col gap-0.5 text-[11px] text-muted">
            Partition
            <select className={controlClass} value={params.partition ?? ''} onChange={(e) => setParams({ partition: e.target.value })}>
              <option value="">All partitions</option>
              {Array.from({ length: Math.max(data?.partitions.length ?? 0, Number(params.partition ?? -1) + 1) }, (_, i) => (
                <option key={i} value={String(i)}>
                  Partition {i}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-0.5 text-[11px] text-muted">
            Page size
            <select className={controlClass} value={params.limit ?? '50'} onChange={(e) => setParams({ limit: e.target.value })}>
              {[20, 50, 100, 200, 500].map((n) => (
                <option key={n} value={n}>
                  {n} messages
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-0.5 text-[11px] text-muted">
            Sort by
            <select className={controlClass} value={params.sort ?? 'timestamp'} onChange={(e) => setParams({ sort: e.target.value })}>
              <option value="offset">Offset</option>
              <option value="timestamp">Timestamp</option>
            </select>
          </label>
          <form
            className="flex items-end gap-1"
            onSubmit={(e) => {
              e.preventDefault();
              const v = new FormData(e.currentTarget).get('key');
              setParams({ key: typeof v === 'string' ? v : '', partition: undefined });
            }}
          >
            <label className="flex flex-col gap-0.5 text-[11px] text-muted">
              Find by key
              <input name="key" className={`${controlClass} w-36`} defaultValue={params.key ?? ''} key={params.key ?? ''} placeholder="exact key" />
            </label>
            <button type="submit" className="h-7 rounded border border-border px-2 text-xs">
              Find
            </button>
          </form>
        </div>
        <div className="border-b border-border px-4 py-3">
          <FilterBar key={JSON.stringify(filters)} values={filters} onApply={(v) => setParams({ ...v, scan: undefined })} />
        </div>
        <TopicSearch
          cluster={cluster}
          topic={topic}
          conditions={{ ...filters, partition: params.partition }}
          autoStart={params.scan === '1'}
          onStart={() => setParams({ scan: '1' }, true)}
          onStop={() => setParams({ scan: undefined }, true)}
        />

        <div className="flex flex-wrap items-center justify-between gap-2 px-4 py-2 text-xs text-muted" aria-live="polite">
          <ScanSummary data={data} fetching={query.isFetching} />
          <div className="flex items-center gap-1">
            <button type="button" className="inline-flex h-7 items-center gap-1 rounded border border-border px-2 disabled:opacity-40" disabled={!data?.prevCursor} onClick={() => data?.prevCursor && setParams({ cursor: data.prevCursor })}>
              <ChevronLeft className="size-3.5" aria-hidden /> Older
            </button>
            <button type="button" className="inline-flex h-7 items-center gap-1 rounded border border-border px-2 disabled:opacity-40" disabled={!data?.nextCursor} onClick={() => data?.nextCursor && setParams({ cursor: data.nextCursor })}>
              Newer <ChevronRight className="size-3.5" aria-hidden />
            </button>
            {canReplay && (
              <>
                <ReplayDialog
                  cluster={cluster}
                  source={{ kind: 'messages', topic, messages: [...picked].map((k) => ({ partition: Number(k.split(':')[0]), offset: Number(k.split(':')[1]) })) }}
                  trigger={
                    <button type="button" className="ml-2 inline-flex h-7 items-center gap-1 rounded border border-border px-2 disabled:opacity-40" disabled={picked.size === 0}>
                      <RotateCcw className="size-3.5" aria-hidden /> Replay selected ({picked.size})
                    </button>
                  }
                />
                <ReplayDialog
                  cluster={cluster}
                  source={{ kind: 'range', topic, partition: params.partition !== undefined ? Number(params.partition) : undefined, from, filter: { ...filters } }}
                  trigger={
                    <button type="button" className="inline-flex h-7 items-center gap-1 rounded border border-border px-2" title="Every message of a range matching the current filters">
                      <RotateCcw className="size-3.5" aria-hidden /> Replay filtered…
                    </button>
                  }
                />
                <ReplayDialog
                  cluster={cluster}
                  source={{ kind: 'import', topic }}
                  trigger={
                    <button type="button" className="inline-flex h-7 items-center gap-1 rounded border border-border px-2">
                      <Upload className="size-3.5" aria-hidden /> Import JSON…
                    </button>
                  }
                />
              </>
            )}
            <button type="button" className="ml-2 inline-flex h-7 items-center gap-1 rounded border border-border px-2 disabled:opacity-40" disabled={!messages.length} onClick={() => downloadText(`${topic}-messages.json`, toExportJson(messages), 'application/json')}>
              <Download className="size-3.5" aria-hidden /> JSON
            </button>
            <button type="button" className="inline-flex h-7 items-center gap-1 rounded border border-border px-2 disabled:opacity-40" disabled={!messages.length} onClick={() => downloadText(`${topic}-messages.csv`, toExportCsv(messages), 'text/csv')}>
              <Download className="size-3.5" aria-hidden /> CSV
            </button>
          </div>
        </div>

        {query.isPending ? (
          <Loading label="Reading messages…" />
        ) : query.error && !data ? (
          <div className="p-4">
            <ErrorState title="Could not read messages" reason={query.error.message} />
          </div>
        ) : messages.length === 0 ? (
          <EmptyState title={data?.scan.stoppedEarly ? 'No match yet: the search stopped early' : 'No messages here'}>
            {data?.scan.stoppedEarly
              ? 'Continue with “Newer” / “Older” to scan further.'
              : Object.keys(params).some((k) => (filterNames as readonly string[]).includes(k) || k === 'key')
                ? 'No message matches the filters in the range read.'
                : 'This range of the topic holds no messages.'}
          </EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <Table className="w-full table-fixed text-left text-[13px]">
              <colgroup>
                {canReplay && <col className="w-8" />}
                <col className="w-8" />
                <col className="w-20" />
                <col className="w-24" />
                <col className="w-44" />
                <col className="w-40" />
                <col />
                <col className="w-20" />
              </colgroup>
              <THead>
                <TR className="border-y border-border">
                  {canReplay && <TH className="px-2 py-1.5" aria-label="Select for replay" />}
                  <TH className="px-2 py-1.5" aria-label="Expand" />
                  <TH className="px-2 py-1.5 font-medium">Partition</TH>
                  <TH className="px-2 py-1.5 font-medium">Offset</TH>
                  <TH className="px-2 py-1.5 font-medium">Timestamp (local)</TH>
                  <TH className="px-2 py-1.5 font-medium">Key</TH>
                  <TH className="px-2 py-1.5 font-medium">Value</TH>
                  <TH className="px-2 py-1.5 font-medium">Headers</TH>
                </TR>
              </THead>
              <MessageRows messages={messages} open={open} setOpen={setOpen} picked={picked} togglePick={togglePick} canReplay={canReplay} />
            </Table>
          </div>
        )}
      </Card>
    </div>
  );
}

const rowId = (m: WireMessage) => `${m.partition}:${m.offset}`;

/**
 * The page's rows, memoized: the topic page above refetches the topic every 10 s, and a page of
 * 500 rows re-rendered each time cost one 76 ms main-thread task (CPU time, Chromium trace of the
 * scale bench's browser phase) while nothing in the rows had changed.
 */
const MessageRows = memo(function MessageRows({
  messages,
  open,
  setOpen,
  picked,
  togglePick,
  canReplay,
}: {
  messages: WireMessage[];
  open: string | null;
  setOpen: (id: string | null) => void;
  picked: Set<string>;
  togglePick: (id: string) => void;
  canReplay: boolean;
}) {
  return (
    <TBody className="tabular">
      {messages.map((m) => {
        const id = rowId(m);
        const isOpen = open === id;
        const ts = formatTimestamp(m.timestamp);
        return (
          <Fragment key={id}>
            <TR className="cursor-pointer border-b border-border hover:bg-surface-2" data-testid="message-row" onClick={() => setOpen(isOpen ? null : id)}>
              {canReplay && (
                <TD className="px-2 py-1.5" onClick={(e) => e.stopPropagation()}>
                  <input type="checkbox" aria-label={`Select partition ${m.partition} offset ${m.offset} for replay`} checked={picked.has(id)} onChange={() => togglePick(id)} />
                </TD>
              )}
              <TD className="px-2 py-1.5 text-muted">
                <button type="button" aria-label={isOpen ? `Collapse offset ${m.offset}` : `Expand offset ${m.offset}`} aria-expanded={isOpen}>
                  {isOpen ? <ChevronUp className="size-3.5" aria-hidden /> : <ChevronDown className="size-3.5" aria-hidden />}
                </button>
              </TD>
              <TD className="px-2 py-1.5">{m.partition}</TD>
              <TD className="px-2 py-1.5">{m.offset}</TD>
              <TD className="truncate px-2 py-1.5 text-xs" title={ts.utc}>
                {ts.local}
              </TD>
              <TD className="truncate px-2 py-1.5">
                <BytesPreview bytes={m.key} />
              </TD>
              <TD className="truncate px-2 py-1.5">
                <BytesPreview bytes={m.value} />
              </TD>
              <TD className="px-2 py-1.5 text-xs text-muted">{m.headers.length}</TD>
            </TR>
            {isOpen && (
              <TR className="border-b border-border bg-surface-2/40">
                <TD colSpan={canReplay ? 8 : 7} className="px-4 py-3">
                  <MessageDetail message={m} />
                </TD>
              </TR>
            )}
          </Fragment>
        );
      })}
    </TBody>
  );
});

function ScanSummary({ data, fetching }: { data: ReturnType<typeof useMessages>['data']; fetching: boolean }) {
  if (!data) return <span>{fetching ? 'Scanning…' : ''}</span>;
  const { scan } = data;
  return (
    <span className="flex flex-wrap items-center gap-2" data-testid="scan-summary">
      {fetching && <StatusBadge tone="info">Scanning…</StatusBadge>}
      <span>
        {formatCount(data.messages.length)} messages shown · {formatCount(scan.scanned)} scanned in {formatMs(scan.elapsedMs)}
        {data.keyPartition !== null && <> · key hashes to partition {data.keyPartition} (murmur2), only it was scanned</>}
      </span>
      {scan.stoppedEarly && (
        <StatusBadge tone="warn">
          Stopped early: {scan.stoppedEarly === 'scan-limit' ? `scan limit (${formatCount(scan.scanned)} messages)` : 'time limit'} — not the whole answer
        </StatusBadge>
      )}
    </span>
  );
}
