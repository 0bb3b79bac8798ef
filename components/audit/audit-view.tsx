'use client';
import { createColumnHelper } from '@tanstack/react-table';
import { controlClass } from '@/components/ui/form';
import { useEffect, useMemo, useState } from 'react';
import { applyUrlPatch, useUrlState } from '@/lib/client/use-url-state';
import type { AuditEntry, AuditOutcome } from '@/lib/contracts/audit';
import { useAudit, type AuditFilters } from '@/lib/client/use-audit';
import { Card } from '@/components/ui/card';
import { formatCount } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { DataTable } from '@/components/ui/data-table';
import { StatusBadge, type Tone } from '@/components/ui/status-badge';

const FILTER_KEYS = ['actor', 'action', 'outcome', 'q', 'scope', 'before'] as const;
const outcomeTone: Record<AuditOutcome, Tone> = { ok: 'ok', denied: 'warn', failed: 'bad' };
const outcomeLabel: Record<AuditOutcome, string> = { ok: 'done', denied: 'refused', failed: 'failed' };

/** The audit log of a cluster: every change and its outcome, filterable, with the filters in the URL. */
export function AuditView({ cluster }: { cluster: string }) {
  const { params, update } = useUrlState();
  const filters: AuditFilters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v));
  const { data, error, isPending, isFetching } = useAudit(cluster, filters);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- setFilter only writes the URL
  const columns = useMemo(() => auditColumns((action) => setFilter({ action })), []);
  const [text, setText] = useState({ actor: filters.actor ?? '', q: filters.q ?? '' });

  const setFilter = (patch: Partial<Record<(typeof FILTER_KEYS)[number], string | undefined>>) =>
    update((next) => {
      applyUrlPatch(next, patch);
      if (!('before' in patch)) next.delete('before'); // a new filter starts from the newest entry
    });

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
          <input className={controlClass} value={text.actor} placeholder="user or token:name" onChange={(e) => setText((t) => ({ ...t, actor: e.target.value }))} />
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          Search
          <input className={`${controlClass} w-56`} value={text.q} placeholder="topic, path, reason…" onChange={(e) => setText((t) => ({ ...t, q: e.target.value }))} />
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          Outcome
          <select className={controlClass} value={filters.outcome ?? ''} onChange={(e) => setFilter({ outcome: e.target.value || undefined })}>
            <option value="">any</option>
            <option value="ok">done</option>
            <option value="denied">refused</option>
            <option value="failed">failed</option>
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          Scope
          <select className={controlClass} value={filters.scope ?? 'cluster'} onChange={(e) => setFilter({ scope: e.target.value === 'all' ? 'all' : undefined })}>
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
      <Card>
        <DataTable
          label="Audit entries"
          data={data?.entries}
          columns={columns}
          getRowId={(e) => String(e.id)}
          isPending={isPending}
          loadingLabel="Loading the audit log…"
          error={error}
          errorTitle="Could not load the audit log"
          empty={{ title: 'No audit entries match', body: 'Changes made through the console appear here as they happen.' }}
          testId="audit-table"
          rowTestId="audit-row"
          rowClassName={() => 'align-top'}
          tableClassName="text-xs"
          dense
          sortable={false}
        />
        {data && data.entries.length > 0 && (
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
        )}
      </Card>
    </>
  );
}

const col = createColumnHelper<AuditEntry>();

function auditColumns(onAction: (action: string) => void) {
  return [
    col.accessor('at', { header: 'Time', meta: { className: 'whitespace-nowrap tabular' }, cell: (c) => <span title={c.getValue()}>{formatDateTime(c.getValue())}</span> }),
    col.accessor('actor', {
      header: 'Who',
      cell: ({ row: { original: e } }) => (
        <>
          <span className="font-medium">{e.actor}</span>
          <span className="block text-muted">
            {e.role ?? 'no role'} · {e.via}
          </span>
        </>
      ),
    }),
    col.accessor('action', {
      header: 'Action',
      cell: ({ row: { original: e } }) => (
        <>
          <button type="button" className="text-left font-mono hover:underline" title="Show only this action" onClick={() => onAction(e.action)}>
            {e.action}
          </button>
          {/* the concrete path only where it adds something to the action's pattern */}
          {!e.action.endsWith(` ${e.path}`) && (
            <span className="block max-w-[28ch] truncate font-mono text-muted" title={e.path}>
              {e.path}
            </span>
          )}
        </>
      ),
    }),
    col.accessor('target', { header: 'Target', meta: { className: 'font-mono break-all' }, cell: (c) => c.getValue() ?? '—' }),
    col.accessor('outcome', {
      header: 'Outcome',
      meta: { className: 'whitespace-nowrap' },
      cell: ({ row: { original: e } }) => (
        <StatusBadge tone={outcomeTone[e.outcome]}>
          {outcomeLabel[e.outcome]} · {e.status}
        </StatusBadge>
      ),
    }),
    col.accessor('detail', { header: 'Detail', meta: { className: 'max-w-[40ch] break-words text-muted' }, cell: (c) => c.getValue() ?? '' }),
  ];
}

function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
}
