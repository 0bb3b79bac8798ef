'use client';
import { Search, Square } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { useTopicSearch, type SearchConditions } from '@/lib/client/use-topic-search';
import { formatBytes, formatCount, formatMs } from '@/components/ui/format';
import { Button } from '@/components/ui/form';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';
import { BytesPreview, formatTimestamp } from './message-parts';

const REASON = { end: 'read to the end it had when the search started', limit: 'stopped at the match limit', 'time-limit': 'stopped at the time limit' } as const;

/**
 * Searches the whole topic on the server with the filters above (browse reads a page at a time
 * and stops at its scan limit): a progress bar from the first second, matches as they are found,
 * Cancel stops the server's scan. `autoStart` (the URL's scan=1) restores a shared search.
 */
export function TopicSearch({ cluster, topic, conditions, autoStart, onStart, onStop }: { cluster: string; topic: string; conditions: SearchConditions; autoStart: boolean; onStart: () => void; onStop: () => void }) {
  const s = useTopicSearch(cluster, topic);
  const hasCondition = Boolean(conditions.valueContains || conditions.keyContains || conditions.headerContains || conditions.where);
  const key = JSON.stringify(conditions);
  const started = useRef<string | null>(null);
  const { start } = s;
  useEffect(() => {
    if (autoStart && hasCondition && started.current !== key) {
      started.current = key;
      void start(conditions);
    }
  }, [autoStart, hasCondition, key, conditions, start]);

  const pct = s.total ? Math.min(100, (100 * s.scanned) / s.total) : 0;
  return (
    <div className="space-y-2 border-b border-border px-4 py-3" data-testid="topic-search">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <Button
          size="sm"
          disabled={!hasCondition || s.status === 'running'}
          title={hasCondition ? 'Read every message of the topic on the server and keep those matching the filters' : 'Apply a filter first (value, key, header or JSON path)'}
          onClick={() => {
            started.current = key;
            onStart();
            void s.start(conditions);
          }}
        >
          <Search className="size-3.5" aria-hidden /> Search whole topic
        </Button>
        {s.status === 'running' && (
          <Button
            size="sm"
            onClick={() => {
              s.cancel();
              onStop();
            }}
          >
            <Square className="size-3.5" aria-hidden /> Cancel
          </Button>
        )}
        {!hasCondition && <span className="text-muted">Apply a filter, then search every message of the topic on the server.</span>}
        {s.status !== 'idle' && (
          <span className="tabular-nums text-muted" aria-live="polite" data-testid="search-progress-text">
            {s.status === 'running' && s.total === null ? 'Starting…' : `${formatCount(s.scanned)} of ${s.total === null ? '?' : formatCount(s.total)} messages scanned (${pct.toFixed(pct < 10 ? 1 : 0)} %)`}
            {` · ${formatCount(Math.round(s.rate))} msg/s · ${formatBytes(s.bytes)} read · ${formatMs(s.elapsedMs)} · `}
            <strong className="text-foreground">{formatCount(s.matched)} matches</strong>
            {s.notJson > 0 ? ` · ${formatCount(s.notJson)} values not JSON (skipped)` : ''}
            {s.status === 'done' && s.reason ? ` · done: ${REASON[s.reason]}` : ''}
            {s.status === 'cancelled' ? ' · cancelled' : ''}
          </span>
        )}
      </div>
      {s.status !== 'idle' && (
        <div className="h-1.5 w-full overflow-hidden rounded bg-border" role="progressbar" aria-label="Messages scanned" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)}>
          <div className={`h-full ${s.status === 'failed' ? 'bg-red-600' : 'bg-sky-600'} transition-[width]`} style={{ width: `${pct}%` }} />
        </div>
      )}
      {s.status === 'failed' && <ErrorState title="The search failed" reason={s.error ?? 'unknown error'} />}
      {s.status === 'done' && s.matched === 0 && <EmptyState title="No message matches">Every message in range was read; none matched the filters.</EmptyState>}
      {s.matches.length > 0 && (
        <div className="max-h-96 overflow-auto rounded border border-border">
          <Table className="text-xs" data-testid="search-matches">
            <THead sticky>
              <TR>
                <TH dense align="right">Partition</TH>
                <TH dense align="right">Offset</TH>
                <TH dense>Timestamp</TH>
                <TH dense>Key</TH>
                <TH dense>Value</TH>
              </TR>
            </THead>
            <TBody>
              {s.matches.map((m) => (
                <TR key={`${m.partition}:${m.offset}`} className="align-top">
                  <TD dense align="right">{m.partition}</TD>
                  <TD dense align="right">{formatCount(m.offset)}</TD>
                  <TD dense className="whitespace-nowrap" title={formatTimestamp(m.timestamp).utc}>
                    {formatTimestamp(m.timestamp).local}
                  </TD>
                  <TD dense>
                    <BytesPreview bytes={m.key} />
                  </TD>
                  <TD dense className="max-w-xl truncate">
                    <BytesPreview bytes={m.value} />
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
          {s.matched > s.matches.length && <p className="px-2 py-1 text-[11px] text-muted">The first {formatCount(s.matches.length)} matches are shown; the scan counts them all.</p>}
        </div>
      )}
    </div>
  );
}
