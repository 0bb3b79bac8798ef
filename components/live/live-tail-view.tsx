'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDownToLine, ArrowUpToLine, Eraser, Pause, Play, Plus, Send, X } from 'lucide-react';
import { useUrlState } from '@/lib/client/use-url-state';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { z } from 'zod';
import { liveBatch } from '@/lib/contracts/live-batch';
import type { WireMessage } from '@/lib/contracts/messages';
import { useEventStream, useStreamRole, type LiveTailStream, type StreamStatus } from '@/lib/client/use-event-stream';
import { FilterBar, filterNames, type FilterValues } from '@/components/messages/filter-bar';
import { BytesPreview, MessageDetail } from '@/components/messages/message-parts';
import { ProduceForm } from '@/components/messages/produce-form';
import { liveStartOf, StartPicker, waitingText } from './start-picker';
import { Card } from '@/components/ui/card';
import { controlClass } from '@/components/ui/form';
import { formatCount } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { StatusBadge, type Tone } from '@/components/ui/status-badge';

export const LIVE_BUFFER = 10_000;
const ROW_HEIGHT = 28;
const topicNamesResponse = z.object({ topics: z.array(z.object({ name: z.string() })) });

const statusTone: Record<StreamStatus, Tone> = { idle: 'neutral', connecting: 'info', open: 'ok', reconnecting: 'warn', paused: 'neutral', closed: 'bad' };
const statusWord: Record<StreamStatus, string> = { idle: 'No topic', connecting: 'Connecting', open: 'Live', reconnecting: 'Reconnecting', paused: 'Paused', closed: 'Stopped' };

// One formatter for every row: toLocaleTimeString builds a new one per call, which at thousands
// of events per second was the page's costliest function.
const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
function timeOf(ms: number) {
  return `${clock.format(ms)}.${String(new Date(ms).getMilliseconds()).padStart(3, '0')}`;
}

const rowClass =
  'absolute left-0 right-0 grid cursor-pointer grid-cols-[6.5rem_minmax(0,10rem)_6.5rem_minmax(0,7rem)_minmax(0,1fr)] items-center gap-2 border-b border-border px-3 text-[13px] hover:bg-surface-2';

/** A row of the list; memoized so a frame re-renders only the rows whose message changed. */
const LiveRow = memo(function LiveRow({ m, start, selected, onSelect }: { m: WireMessage; start: number; selected: boolean; onSelect: (m: WireMessage) => void }) {
  return (
    <div
      role="listitem"
      data-testid="live-row"
      tabIndex={0}
      onClick={() => onSelect(m)}
      onKeyDown={(e) => e.key === 'Enter' && onSelect(m)}
      className={`${rowClass} ${selected ? 'bg-surface-2' : ''}`}
      style={{ top: 0, height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
    >
      <span className="tabular text-xs text-muted">{timeOf(m.timestamp)}</span>
      <span className="truncate font-mono text-xs">{m.topic}</span>
      <span className="tabular text-xs">
        {m.partition}:{m.offset}
      </span>
      <span className="truncate">
        <BytesPreview bytes={m.key} />
      </span>
      <span className="truncate">
        <BytesPreview bytes={m.value} />
      </span>
    </div>
  );
});

/**
 * Live tail: one SSE stream for every topic picked, shared with the browser's other tabs (one
 * connection per browser: lib/client/live/stream-hub.ts),
 * a bounded buffer, a virtualized list that stays smooth at thousands of events per second.
 */
export function LiveTailView({ cluster }: { cluster: string }) {
  // useUrlState composes from the address bar: two quick changes (a topic added, then a select
  // changed) both land; built from the last render and sent through router.replace, the added
  // topic was lost in 3 of 8 tries in Chromium.
  const { params: search, update } = useUrlState();
  const topics = useMemo(() => [...new Set(search.getAll('topic').filter(Boolean))], [search]);
  const order = search.get('order') === 'oldest' ? 'oldest' : 'newest';
  const start = liveStartOf(search.get('from'));
  const filters: FilterValues = { keyContains: search.get('keyContains') ?? '', valueContains: search.get('valueContains') ?? '', headerContains: search.get('headerContains') ?? '', where: search.get('where') ?? '' };

  const description = useMemo((): LiveTailStream | null => {
    if (!topics.length) return null;
    const query: LiveTailStream['query'] = { topic: topics };
    for (const k of filterNames) if (filters[k]) query[k] = filters[k];
    if (start.from !== 'latest') query.from = start.from;
    return { kind: 'live', cluster, query };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- filters is rebuilt each render; its fields are the deps
  }, [cluster, topics, start.from, filters.keyContains, filters.valueContains, filters.headerContains, filters.where]);
  const stream = useEventStream(description, liveBatch, { max: LIVE_BUFFER });
  const role = useStreamRole();

  const [selected, setSelected] = useState<WireMessage | null>(null);
  const [producing, setProducing] = useState(false);
  const [newTopic, setNewTopic] = useState('');
  const [known, setKnown] = useState<string[]>([]);
  useEffect(() => {
    // suggestions only: the topic list API belongs to the topics page; without it, type the name
    const ac = new AbortController();
    fetch(`/api/clusters/${encodeURIComponent(cluster)}/topics?limit=1000`, { signal: ac.signal })
      .then((r) => (r.ok ? r.json() : null))
      .then((j: unknown) => {
        const parsed = topicNamesResponse.safeParse(j);
        if (parsed.success) setKnown(parsed.data.topics.map((t) => t.name));
      })
      .catch(() => {});
    return () => ac.abort();
  }, [cluster]);

  const items = stream.items;
  const count = items.length;
  const at = (i: number) => (order === 'newest' ? items[count - 1 - i] : items[i])!;

  const scrollRef = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is the project's list virtualizer; this view is not memoized
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  useEffect(() => {
    if (!follow || count === 0) return;
    const el = scrollRef.current;
    if (!el) return;
    el.scrollTop = order === 'newest' ? 0 : el.scrollHeight;
  }, [count, follow, order]);
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const atEdge = order === 'newest' ? el.scrollTop < 4 : el.scrollHeight - el.scrollTop - el.clientHeight < 4;
    if (atEdge !== follow) setFollow(atEdge);
  };

  const addTopic = (t: string) => {
    const name = t.trim();
    if (!name || topics.includes(name)) return;
    update((p) => p.append('topic', name));
    setNewTopic('');
  };

  return (
    <>
      <PageHeader
        title="Live tail"
        description="Messages as they arrive, over one Server-Sent Events stream. Nothing joins a consumer group or commits offsets."
        actions={
          <div
            className="flex items-center gap-2 text-xs"
            data-testid="live-status"
            data-stream-role={role ?? undefined}
            title={role === 'follower' ? 'Shares the live connection another tab of this console holds' : role === 'leader' ? 'Holds the live connection every tab of this console shares' : undefined}
          >
            {/* One state at a time: while the server says it cannot reach Kafka, the stream is
                open but nothing is live, so that is what the badge says instead of "Live". */}
            {stream.upstream ? (
              <span data-testid="live-upstream" title={stream.upstream.message}>
                <StatusBadge tone="warn">Kafka unreachable, retrying</StatusBadge>
              </span>
            ) : (
              <StatusBadge tone={statusTone[stream.status]}>{statusWord[stream.status]}</StatusBadge>
            )}
            <span className="tabular text-muted" data-testid="live-rate">
              {stream.rate >= 10 ? formatCount(stream.rate) : stream.rate.toFixed(1)} events/s
            </span>
          </div>
        }
      />
      <Card className="mb-3">
        <div className="flex flex-wrap items-end gap-2 border-b border-border px-4 py-3">
          <form
            className="flex items-end gap-1"
            onSubmit={(e) => {
              e.preventDefault();
              addTopic(newTopic);
            }}
          >
            <label className="flex flex-col gap-0.5 text-[11px] text-muted">
              Add topic
              <input className={`${controlClass} w-56 font-mono`} list="live-topics" value={newTopic} onChange={(e) => setNewTopic(e.target.value)} placeholder="topic name" />
              <datalist id="live-topics">
                {known.filter((k) => !topics.includes(k)).map((k) => (
                  <option key={k} value={k} />
                ))}
              </datalist>
            </label>
            <button type="submit" className="inline-flex h-7 items-center gap-1 rounded border border-border px-2 text-xs" aria-label="Add topic">
              <Plus className="size-3.5" aria-hidden /> Add
            </button>
          </form>
          <ul className="flex flex-wrap gap-1" aria-label="Topics tailed">
            {topics.map((t) => (
              <li key={t} className="inline-flex h-7 items-center gap-1 rounded-full border border-border bg-surface-2 pl-2.5 pr-1 font-mono text-xs">
                {t}
                <button type="button" aria-label={`Stop tailing ${t}`} className="rounded-full p-0.5 text-muted hover:text-bad" onClick={() => update((p) => {
                  const rest = p.getAll('topic').filter((x) => x !== t);
                  p.delete('topic');
                  for (const r of rest) p.append('topic', r);
                })}>
                  <X className="size-3" aria-hidden />
                </button>
              </li>
            ))}
          </ul>
          <div className="ml-auto flex flex-wrap items-center gap-1">
            <StartPicker from={start.from} onChange={(f) => update((p) => (f === 'latest' ? p.delete('from') : p.set('from', f)))} />
            {stream.status === 'paused' ? (
              <button type="button" className="inline-flex h-7 items-center gap-1 rounded bg-accent px-2 text-xs font-medium text-accent-fg" onClick={stream.resume} disabled={!description}>
                <Play className="size-3.5" aria-hidden /> Resume
              </button>
            ) : (
              <button type="button" className="inline-flex h-7 items-center gap-1 rounded border border-border px-2 text-xs disabled:opacity-40" onClick={stream.pause} disabled={!description}>
                <Pause className="size-3.5" aria-hidden /> Pause
              </button>
            )}
            <button type="button" className="inline-flex h-7 items-center gap-1 rounded border border-border px-2 text-xs" onClick={() => { stream.clear(); setSelected(null); }}>
              <Eraser className="size-3.5" aria-hidden /> Clear
            </button>
            <label className="flex items-center gap-1 text-xs text-muted">
              Order
              <select className={controlClass} value={order} onChange={(e) => update((p) => p.set('order', e.target.value))}>
                <option value="newest">Newest first</option>
                <option value="oldest">Oldest first</option>
              </select>
            </label>
            {topics.length === 1 && (
              <button type="button" aria-expanded={producing} className="inline-flex h-7 items-center gap-1 rounded border border-border px-2 text-xs" onClick={() => setProducing((v) => !v)}>
                <Send className="size-3.5" aria-hidden /> Produce
              </button>
            )}
          </div>
        </div>
        <div className="border-b border-border px-4 py-3">
          <FilterBar key={JSON.stringify(filters)} values={filters} onApply={(v) => update((p) => { for (const k of filterNames) { if (v[k]) p.set(k, v[k]); else p.delete(k); } })} />
        </div>
        {producing && topics.length === 1 && (
          <div className="border-b border-border p-4">
            <p className="mb-2 text-xs text-muted">
              Produce to <span className="font-mono text-fg">{topics[0]}</span>
            </p>
            <ProduceForm cluster={cluster} topic={topics[0]!} />
          </div>
        )}
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2 text-xs text-muted tabular" aria-live="polite">
          <span data-testid="live-count">
            {formatCount(count)} of at most {formatCount(LIVE_BUFFER)} messages kept
          </span>
          {stream.evicted > 0 && <span>{formatCount(stream.evicted)} older ones let go to stay within the buffer</span>}
          {stream.dropped > 0 && (
            <StatusBadge tone="warn">
              <span data-testid="live-dropped">{formatCount(stream.dropped)} dropped by the server: this browser fell behind</span>
            </StatusBadge>
          )}
          {!follow && count > 0 && (
            <button type="button" className="inline-flex items-center gap-1 text-accent" onClick={() => setFollow(true)}>
              {order === 'newest' ? <ArrowUpToLine className="size-3.5" aria-hidden /> : <ArrowDownToLine className="size-3.5" aria-hidden />}
              Auto-scroll stopped because you scrolled: jump to newest
            </button>
          )}
          {start.rejected && (
            <span className="text-warn" data-testid="live-start-rejected">
              The link&apos;s start &ldquo;{start.rejected}&rdquo; is not one the console knows (latest, earliest, tail:N or timestamp:MS): showing new messages only
            </span>
          )}
          {stream.error && <span className="text-bad">{stream.error}</span>}
        </div>
      </Card>

      {!description ? (
        <Card>
          <EmptyState title="Pick a topic to tail">Add one or more topics above. New messages appear here as they are written (or, with Start, the last few of each partition first); the URL keeps the topics, start and filters, so the view can be shared.</EmptyState>
        </Card>
      ) : stream.status === 'closed' && stream.error && count === 0 ? (
        <ErrorState title="The live tail stopped" reason={stream.error} />
      ) : (
        <div className="grid gap-3 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
          <Card className="min-w-0">
            <div className="grid grid-cols-[6.5rem_minmax(0,10rem)_6.5rem_minmax(0,7rem)_minmax(0,1fr)] gap-2 border-b border-border px-3 py-1.5 text-xs font-medium text-muted">
              <span>Time (local)</span>
              <span>Topic</span>
              <span>Partition:offset</span>
              <span>Key</span>
              <span>Value</span>
            </div>
            <div ref={scrollRef} onScroll={onScroll} className="h-[60vh] overflow-auto" data-testid="live-list" role="list" aria-label="Live messages">
              {count === 0 ? (
                <EmptyState title={stream.status === 'open' ? 'Waiting for messages…' : 'Connecting…'}>{waitingText(start.from)}</EmptyState>
              ) : (
                <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                  {virtualizer.getVirtualItems().map((v) => {
                    const m = at(v.index);
                    const isSel = selected !== null && selected.topic === m.topic && selected.partition === m.partition && selected.offset === m.offset;
                    // Keyed by slot, not by message: while following, every frame shifts every row,
                    // and re-filling a slot's text is far cheaper than unmounting and mounting rows.
                    return <LiveRow key={v.index} m={m} start={v.start} selected={isSel} onSelect={setSelected} />;
                  })}
                </div>
              )}
            </div>
          </Card>
          <Card className="min-w-0 p-4">
            {selected ? <MessageDetail key={`${selected.topic}/${selected.partition}/${selected.offset}`} message={selected} /> : <p className="text-xs text-muted">Select a message to see its key, headers and decoded value.</p>}
          </Card>
        </div>
      )}
    </>
  );
}
