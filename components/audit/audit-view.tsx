'use client';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { AuditEntry, AuditOutcome } from '@/lib/contracts/audit';
import { useAudit, type AuditFilters } from '@/lib/client/use-audit';
import { Card } from '@/components/ui/card';
import { formatCount } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge, type Tone } from '@/components/ui/status-badge';

const FILTER_KEYS = ['actor', 'action', 'outcome', 'q', 'scope', 'before'] as const;
const outcomeTone: Record<AuditOutcome, Tone> = { ok: 'ok', denied: 'warn', failed: 'bad' };
const outcomeLabel: Record<AuditOutcome, string> = { ok: 'done', denied: 'refused', failed: 'failed' };
const fieldClass = 'rounded-md border border-border bg-bg px-2 py-1 text-xs outline-none focus-visible:ring-2 focus-visible:ring-accent';

/** The audit log of a cluster: every change and its outcome, filterable, with the filters in the URL. */
export function AuditView({ cluster }: { cluster: string }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const filters: AuditFilters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v));
  const { data, error, isPending, isFetching } = useAudit(cluster, filters);
  const [text, setText] = useState({ actor: filters.actor ?? '', q: filters.q ?? '' });

  const setFilter = (patch: Partial<Record<(typeof FILTER_KEYS)[number], string | undefined>>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('before' in patch)) next.delete('before'); // a new filter starts from the newest entry
    // The native History API updates useSearchParams without a server round trip (Next 14.1+).
    window.history.replaceState(null, '', `${pathname}${next.size ? `?${next}` : ''}`);
  };

  // Text filters apply after a pause in typing, not on every key.
  useEffect(() => {
    const t = setTimeout(() => {
      if (text.actor !== (filters.actor ?? '') || text.q !== (filters.q ?? '')) setFilter({ actor: text.actor.trim() || undefined, q: text.q.trim() || undefined });
    }, 350);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change made through the console (and refused attempts), with who, what, when and the outcome. Newest first."
        actions={isFetching && !isPending ? <span className="text-xs text-muted">Refreshing…</span> : null}
      />
      <Card className="mb-3 flex flex-wrap items-end gap-3 px-4 py-3" aria-label="Filters">
        <label className="flex flex-col gap-1 text-xs text-muted">
          Who
          <input className={fieldClass} value={text.actor} placeholder="user or token:name" onChange={(e) => setText((t) => ({ ...t, actor: e.target.value }))} />
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          Search
          <input className={`${fieldClass} w-56`} value={text.q} placeholder="topic, path, reason…" onChange={(e) => setText((t) => ({ ...t, q: e.target.value }))} />
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          Outcome
          <select className={fieldClass} value={filters.outcome ?? ''} onChange={(e) => setFilter({ outcome: e.target.value || undefined })}>
            <option value="">any</option>
            <option value="ok">done</option>
            <option value="denied">refused</option>
            <option value="failed">failed</option>
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          Scope
          <select className={fieldClass} value={filters.scope ?? 'cluster'} onChange={(e) => setFilter({ scope: e.target.value === 'all' ? 'all' : undefined })}>
            <option value="cluster">this cluster</option>
            <option value="all">this cluster + console (sign-ins, tokens)</option>
          </select>
        </label>
        {filters.action && (
          <button type="button" className="text-xs text-accent underline" onClick={() => setFilter({ action: undefined })}>
            action: {filters.action} ✕
          </button>
        )}
      </Card>
      {isPending ? (
        <Loading label="Loading the audit log…" />
      ) : error && !data ? (
        <ErrorState title="Could not load the audit log" reason={error.message} />
      ) : data!.entries.length === 0 ? (
        <EmptyState title="No audit entries match">Changes made through the console appear here as they happen.</EmptyState>
      ) : (
        <Card>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-xs" data-testid="audit-table">
              <thead className="border-b border-border text-muted">
                <tr>
                  <th className="px-3 py-2 font-medium">Time</th>
                  <th className="px-3 py-2 font-medium">Who</th>
                  <th className="px-3 py-2 font-medium">Action</th>
                  <th className="px-3 py-2 font-medium">Target</th>
                  <th className="px-3 py-2 font-medium">Outcome</th>
                  <th className="px-3 py-2 font-medium">Detail</th>
                </tr>
              </thead>
              <tbody>
                {data!.entries.map((e) => (
                  <AuditRow key={e.id} e={e} onAction={(action) => setFilter({ action })} />
                ))}
              </tbody>
            </table>
          </div>
          <footer className="flex items-center justify-between border-t border-border px-3 py-2 text-xs text-muted">
            <span className="tabular">
              {formatCount(data!.entries.length)} {data!.entries.length === 1 ? 'entry' : 'entries'}{filters.before ? ' (older page)' : ''}
            </span>
            <span className="flex gap-3">
              {filters.before && (
                <button type="button" className="text-accent underline" onClick={() => setFilter({ before: undefined })}>
                  Newest
                </button>
              )}
              {data!.nextBefore !== null && (
                <button type="button" className="text-accent underline" onClick={() => setFilter({ before: String(data!.nextBefore) })}>
                  Older entries
                </button>
              )}
            </span>
          </footer>
        </Card>
      )}
    </>
  );
}

function AuditRow({ e, onAction }: { e: AuditEntry; onAction: (action: string) => void }) {
  return (
    <tr className="border-b border-border/60 align-top last:border-0" data-testid="audit-row">
      <td className="px-3 py-1.5 whitespace-nowrap tabular" title={e.at}>
        {formatDateTime(e.at)}
      </td>
      <td className="px-3 py-1.5">
        <span className="font-medium">{e.actor}</span>
        <span className="block text-muted">
          {e.role ?? 'no role'} · {e.via}
        </span>
      </td>
      <td className="px-3 py-1.5">
        <button type="button" className="text-left font-mono hover:underline" title="Show only this action" onClick={() => onAction(e.action)}>
          {e.action}
        </button>
        {/* the concrete path only where it adds something to the action's pattern */}
        {!e.action.endsWith(` ${e.path}`) && (
          <span className="block max-w-[28ch] truncate font-mono text-muted" title={e.path}>
            {e.path}
          </span>
        )}
      </td>
      <td className="px-3 py-1.5 font-mono break-all">{e.target ?? '—'}</td>
      <td className="px-3 py-1.5 whitespace-nowrap">
        <StatusBadge tone={outcomeTone[e.outcome]}>
          {outcomeLabel[e.outcome]} · {e.status}
        </StatusBadge>
      </td>
      <td className="max-w-[40ch] px-3 py-1.5 break-words text-muted">{e.detail ?? ''}</td>
    </tr>
  );
}

function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
}
