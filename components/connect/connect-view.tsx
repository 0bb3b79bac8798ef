'use client';
import { createColumnHelper } from '@tanstack/react-table';
import Link from 'next/link';
import { Plus, Search } from 'lucide-react';
import { useMemo } from 'react';
import type { ConnectClusterSummary, ConnectorSummary } from '@/lib/contracts/connect';
import { useConnectClusters, useConnectPlugins, useConnectors } from '@/lib/client/use-connect';
import { useCan } from '@/lib/client/use-session';
import { Card, CardHeader } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { controlClass } from '@/components/ui/form';
import { formatCount, formatMs, formatTime } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { clusterPath } from '@/components/shell/nav-items';
import { useReadOnly } from '@/lib/client/use-read-only';
import { useUrlState } from '@/lib/client/use-url-state';
import { ConnectorStateBadge, connectorPath, shortClass } from './connector-state';
import { DataTable } from '@/components/ui/data-table';

/** The Connect clusters of a Kafka cluster, and the connectors of the one picked (?connect=). */
export function ConnectView({ cluster }: { cluster: string }) {
  const { params, set } = useUrlState();
  const clusters = useConnectClusters(cluster);
  const list = clusters.data?.clusters ?? [];
  const connect = params.get('connect') ?? list[0]?.name ?? null;
  const picked = list.find((c) => c.name === connect) ?? null;

  return (
    <>
      <PageHeader
        title="Kafka Connect"
        description="Connectors moving data in and out of this cluster: their state, each task's, and why a failed one failed."
        actions={<NewConnectorLink cluster={cluster} connect={picked?.error ? null : connect} />}
      />
      {clusters.isPending ? (
        <Skeleton className="mb-4 h-20" />
      ) : clusters.error ? (
        <ErrorState title="Could not list the Connect clusters" reason={clusters.error.message} />
      ) : list.length === 0 ? (
        <Card>
          <EmptyState title="No Connect cluster configured">
            Set <code>CONNECT_URL</code> for the default cluster, or <code>connect: [{'{ name, url }'}]</code> for this cluster in RIFFLE_CLUSTERS.
            Locally, <code>npm run connect:up</code> starts a worker at http://127.0.0.1:8083.
          </EmptyState>
        </Card>
      ) : (
        <ul className="mb-4 grid gap-3 md:grid-cols-3" aria-label="Connect clusters">
          {list.map((c) => (
            <li key={c.name}>
              <ConnectClusterCard c={c} active={c.name === connect} onPick={() => set({ connect: c.name })} />
            </li>
          ))}
        </ul>
      )}
      {picked && (picked.error ? <Unreachable c={picked} /> : <Connectors cluster={cluster} connect={picked.name} />)}
    </>
  );
}

function NewConnectorLink({ cluster, connect }: { cluster: string; connect: string | null }) {
  const canCreate = useCan('admin');
  const readOnly = useReadOnly(cluster);
  if (!connect || !canCreate || readOnly) return null;
  return (
    <Link
      href={`${connectorPath(clusterPath(cluster), connect)}/new`}
      className="inline-flex h-8 items-center gap-1.5 rounded-md border border-accent bg-accent px-3 text-[13px] font-medium text-accent-fg hover:opacity-90"
    >
      <Plus aria-hidden className="size-4" /> New connector
    </Link>
  );
}

function ConnectClusterCard({ c, active, onPick }: { c: ConnectClusterSummary; active: boolean; onPick: () => void }) {
  return (
    <button
      type="button"
      onClick={onPick}
      aria-pressed={active}
      data-testid="connect-cluster"
      className={cn('w-full rounded-lg border bg-surface px-4 py-3 text-left hover:bg-surface-2/60', active ? 'border-accent ring-1 ring-accent' : 'border-border')}
    >
      <div className="flex items-center justify-between gap-2">
        <span className="font-medium">{c.name}</span>
        {c.error ? <StatusBadge tone="bad">unreachable</StatusBadge> : <StatusBadge tone="ok">Connect {c.version}</StatusBadge>}
      </div>
      <p className="mt-1 truncate font-mono text-xs text-muted" title={c.url}>
        {c.url}
      </p>
      <p className="mt-0.5 text-xs text-muted tabular">{c.error ? 'no answer' : `answered in ${formatMs(c.latencyMs)}`}</p>
    </button>
  );
}

function Unreachable({ c }: { c: ConnectClusterSummary }) {
  return (
    <ErrorState
      title={`Kafka Connect "${c.name}" is unreachable`}
      reason={`${c.error ?? 'no answer'}. Kafka pages keep working; this page retries every 15 s.`}
    />
  );
}

const TYPES = ['source', 'sink'] as const;
const STATES = ['RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'UNASSIGNED', 'RESTARTING'] as const;

function Connectors({ cluster, connect }: { cluster: string; connect: string }) {
  const { params, set } = useUrlState();
  const { data, error, isPending } = useConnectors(cluster, connect);
  const q = params.get('q') ?? '';
  const type = params.get('type') ?? '';
  const state = params.get('state') ?? '';

  const columns = useMemo(() => connectorColumns(cluster, connect), [cluster, connect]);
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (data?.connectors ?? []).filter(
      (c) =>
        (!type || c.type === type) &&
        (!state || c.state === state || (state === 'FAILED' && c.failedTasks > 0)) &&
        (!needle || c.name.toLowerCase().includes(needle) || (c.className ?? '').toLowerCase().includes(needle) || (c.topics ?? []).some((t) => t.toLowerCase().includes(needle))),
    );
  }, [data, q, type, state]);

  if (isPending) return <Skeleton className="h-40" />;
  if (error && !data) return <ErrorState title={`Could not list the connectors of "${connect}"`} reason={error.message} />;
  const failed = data!.connectors.reduce((n, c) => n + c.failedTasks, 0);

  return (
    <>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <label className="relative">
          <span className="sr-only">Search connectors, plugins or topics</span>
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2 size-3.5 -translate-y-1/2 text-muted" />
          <input
            type="search"
            defaultValue={q}
            placeholder="Search connectors, plugins or topics"
            onChange={(e) => set({ q: e.target.value })}
            className="h-8 w-72 rounded-md border border-border bg-surface pr-2 pl-7 text-[13px] outline-none focus:border-accent"
          />
        </label>
        <label className="flex items-center gap-1.5 text-xs text-muted">
          Type
          <select className={controlClass} value={type} onChange={(e) => set({ type: e.target.value })}>
            <option value="">all</option>
            {TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1.5 text-xs text-muted">
          State
          <select className={controlClass} value={state} onChange={(e) => set({ state: e.target.value })}>
            <option value="">all</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s === 'FAILED' ? 'failed (connector or a task)' : s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <span className="ml-auto text-xs text-muted tabular">
          {formatCount(data!.connectors.length)} connectors
          {failed > 0 && <span className="text-bad"> · {formatCount(failed)} failed tasks</span>} · fetched {formatTime(data!.fetchedAt)} in {formatMs(data!.latencyMs)}
          {error && <span className="ml-2 text-warn">(stale: {error.message})</span>}
        </span>
      </div>
      <Card className="mb-4">
        <DataTable
          label="Connectors"
          data={rows}
          columns={columns}
          getRowId={(c) => c.name}
          testId="connectors-table"
          rowTestId="connector-row"
          rowProps={(c) => ({ 'data-connector': c.name })}
          dense
          sortParam="sort"
          empty={{
            title: data!.connectors.length ? 'No connector matches' : 'No connectors yet',
            body: data!.connectors.length ? 'Change the search or the filters.' : `Kafka Connect "${connect}" runs no connector. An admin can create one from its plugin's form.`,
          }}
        />
      </Card>
      <PluginsCard cluster={cluster} connect={connect} />
    </>
  );
}

const col = createColumnHelper<ConnectorSummary>();

function connectorColumns(cluster: string, connect: string) {
  return [
    col.accessor('name', {
      header: 'Connector',
      meta: { className: 'max-w-64 truncate font-medium' },
      cell: (c) => (
        <Link className="text-accent hover:underline" title={c.getValue()} href={connectorPath(clusterPath(cluster), connect, c.getValue())}>
          {c.getValue()}
        </Link>
      ),
    }),
    col.accessor('type', { header: 'Type' }),
    col.accessor((c) => shortClass(c.className), { id: 'plugin', header: 'Plugin', meta: { className: 'max-w-56 truncate text-xs' }, cell: ({ row: { original: c } }) => <span title={c.className ?? ''}>{shortClass(c.className)}</span> }),
    col.accessor('state', { header: 'State', cell: (c) => <ConnectorStateBadge state={c.getValue()} /> }),
    col.accessor((c) => c.failedTasks, {
      id: 'tasks',
      header: 'Tasks',
      meta: { className: 'whitespace-nowrap', cellTestId: 'connector-tasks' },
      cell: ({ row: { original: c } }) =>
        c.tasks.length === 0 ? (
          <span className="text-muted">none</span>
        ) : (
          <>
            {c.tasks.filter((t) => t.state === 'RUNNING').length}/{c.tasks.length} running
            {c.failedTasks > 0 && <span className="ml-2 font-medium text-bad">{c.failedTasks} failed</span>}
          </>
        ),
    }),
    col.accessor((c) => c.workerId ?? '', { id: 'worker', header: 'Worker', meta: { className: 'font-mono text-xs' }, cell: (c) => c.getValue() || '—' }),
    col.display({
      id: 'topics',
      header: 'Topics',
      meta: { className: 'max-w-64 text-xs' },
      cell: ({ row: { original: c } }) =>
        c.topics === null ? (
          <span className="text-muted" title="the worker did not say (topic tracking off?)">
            unknown
          </span>
        ) : c.topics.length === 0 ? (
          <span className="text-muted">none yet</span>
        ) : (
          c.topics.map((t, i) => (
            <span key={t}>
              {i > 0 && ', '}
              <Link className="text-accent hover:underline" href={`${clusterPath(cluster, 'topics')}/${encodeURIComponent(t)}`}>
                {t}
              </Link>
            </span>
          ))
        ),
    }),
  ];
}

function PluginsCard({ cluster, connect }: { cluster: string; connect: string }) {
  const { data, error } = useConnectPlugins(cluster, connect);
  return (
    <Card>
      <CardHeader title="Connector plugins" description={`Installed on Kafka Connect "${connect}" (its plugin.path)`} />
      {error ? (
        <div className="p-3">
          <ErrorState title="Could not list the plugins" reason={error.message} />
        </div>
      ) : !data ? (
        <Skeleton className="m-3 h-10" />
      ) : (
        <ul className="divide-y divide-border text-[13px]" data-testid="connect-plugins">
          {data.plugins.map((p) => (
            <li key={p.className} className="flex items-center justify-between gap-3 px-4 py-1.5">
              <span className="font-mono text-xs break-all">{p.className}</span>
              <span className="shrink-0 text-xs text-muted">
                {p.type} · {p.version ?? 'no version'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
