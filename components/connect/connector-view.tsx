'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import type { ConnectorAction, ConnectorDetail, RestartInput, TaskStatus } from '@/lib/contracts/connect';
import { ApiError } from '@/lib/client/api-fetch';
import { useConnector, useConnectorAction, useConnectorOffsets, useDeleteConnector } from '@/lib/client/use-connect';
import { useCan } from '@/lib/client/use-session';
import { Card, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Stat } from '@/components/ui/stat';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { clusterPath } from '@/components/shell/nav-items';
import { Button } from '@/components/ui/form';
import { Dialog } from '@/components/ui/dialog';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useReadOnly } from '@/lib/client/use-read-only';
import { ConnectorStateBadge, connectorPath, shortClass } from './connector-state';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';

export function ConnectorView({ cluster, connect, name }: { cluster: string; connect: string; name: string }) {
  const { data, error, isPending } = useConnector(cluster, connect, name);
  const back = (
    <Link href={`${clusterPath(cluster, 'connect')}?connect=${encodeURIComponent(connect)}`} className="text-xs text-accent hover:underline">
      ← Kafka Connect “{connect}”
    </Link>
  );
  if (isPending) {
    return (
      <>
        {back}
        <PageHeader title={name} />
        <Skeleton className="h-40" />
      </>
    );
  }
  if (error && !data) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <>
        {back}
        <PageHeader title={name} />
        {missing ? (
          <EmptyState title="No such connector">{error.message}</EmptyState>
        ) : (
          <ErrorState title="Could not load this connector" reason={`${error.message}. Kafka pages keep working; this page retries every few seconds.`} />
        )}
      </>
    );
  }
  const d = data!;
  const failed = d.tasks.filter((t) => t.state === 'FAILED').length;
  return (
    <>
      {back}
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            <span className="font-mono">{d.name}</span>
            <ConnectorStateBadge state={d.connector.state} />
          </span>
        }
        description={
          <span>
            {d.type} connector · {d.className ?? 'unknown plugin'}
            {error && <span className="ml-2 text-warn">(stale: {error.message})</span>}
          </span>
        }
        actions={<Actions cluster={cluster} connect={connect} d={d} />}
      />
      <dl className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Connector" value={d.connector.state.toLowerCase()} tone={d.connector.state === 'FAILED' ? 'bad' : d.connector.state === 'PAUSED' ? 'warn' : undefined} hint={d.connector.workerId ? `on worker ${d.connector.workerId}` : 'not assigned to a worker'} />
        <Stat label="Tasks" value={d.tasks.length} unit={d.tasks.length === 1 ? 'task' : 'tasks'} hint={`${d.tasks.filter((t) => t.state === 'RUNNING').length} running`} />
        <Stat label="Failed tasks" value={failed} unit={failed === 1 ? 'task' : 'tasks'} tone={failed ? 'bad' : undefined} hint={failed ? 'traces below' : 'none'} />
        <Stat label="Plugin" value={<span className="text-base">{shortClass(d.className)}</span>} hint={d.type} />
      </dl>
      {d.connector.trace && <Trace title="The connector failed" trace={d.connector.trace} />}
      <TasksCard cluster={cluster} connect={connect} d={d} />
      <div className="mb-4 grid gap-4 lg:grid-cols-2">
        <TopicsCard cluster={cluster} d={d} />
        <OffsetsCard cluster={cluster} connect={connect} d={d} />
      </div>
      <ConfigCard d={d} />
    </>
  );
}

function Actions({ cluster, connect, d }: { cluster: string; connect: string; d: ConnectorDetail }) {
  const canOperate = useCan('operator');
  const isAdmin = useCan('admin');
  const readOnly = useReadOnly(cluster);
  const act = useConnectorAction(cluster, connect, d.name);
  if (readOnly) return <StatusBadge tone="neutral">read-only cluster: no changes</StatusBadge>;
  if (!canOperate) return null;
  const run = (action: ConnectorAction, restart?: RestartInput, label: string = action) =>
    act.mutate(
      { action, restart },
      {
        onSuccess: () => toast.success(`${label}: sent to ${d.name}`),
        onError: (err) => toast.error(`${label} failed: ${err.message}`),
      },
    );
  const state = d.connector.state;
  const failed = d.tasks.some((t) => t.state === 'FAILED') || state === 'FAILED';
  return (
    <div className="flex flex-wrap gap-2">
      {failed && (
        <Button variant="primary" disabled={act.isPending} onClick={() => run('restart', { includeTasks: true, onlyFailed: true }, 'Restart failed')} data-testid="restart-failed">
          Restart failed tasks
        </Button>
      )}
      <Button disabled={act.isPending} onClick={() => run('restart', { includeTasks: true, onlyFailed: false }, 'Restart')}>
        Restart all
      </Button>
      {state === 'RUNNING' ? (
        <Button disabled={act.isPending} onClick={() => run('pause')}>
          Pause
        </Button>
      ) : (
        (state === 'PAUSED' || state === 'STOPPED') && (
          <Button disabled={act.isPending} onClick={() => run('resume')}>
            Resume
          </Button>
        )
      )}
      {state !== 'STOPPED' && (
        <Button disabled={act.isPending} onClick={() => run('stop')} title="Stops the connector and its tasks; its offsets can then be changed">
          Stop
        </Button>
      )}
      {isAdmin && (
        <Link href={`${connectorPath(clusterPath(cluster), connect, d.name)}/edit`} className="inline-flex h-8 items-center rounded-md border border-border bg-surface px-3 text-[13px] font-medium hover:bg-surface-2">
          Edit config
        </Link>
      )}
      {isAdmin && <DeleteConnector cluster={cluster} connect={connect} name={d.name} />}
    </div>
  );
}

function DeleteConnector({ cluster, connect, name }: { cluster: string; connect: string; name: string }) {
  const del = useDeleteConnector(cluster, connect, name);
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={<Button variant="danger">Delete…</Button>}
      title="Delete connector"
      description="Stops its tasks and removes its config. Its offsets stay in the worker's offsets topic. Type the connector's name to confirm."
      confirmText={name}
      typeLabel="Connector name to confirm"
      pending={del.isPending}
      onConfirm={() =>
        del.mutateAsync().then(() => {
          toast.success(`Deleted connector ${name}`);
          router.push(`${clusterPath(cluster, 'connect')}?connect=${encodeURIComponent(connect)}`);
        })
      }
    />
  );
}

/** A Java stack trace from the worker: untrusted text, shown as text, first line first. */
function Trace({ title, trace }: { title: string; trace: string }) {
  const [first, ...rest] = trace.split('\n');
  const causes = rest.filter((l) => l.startsWith('Caused by:'));
  return (
    <div role="alert" className="mb-4 rounded-md border border-bad/40 bg-bad/5 px-4 py-3" data-testid="task-trace">
      <p className="font-medium text-bad">{title}</p>
      <p className="mt-1 font-mono text-xs break-words">{first}</p>
      {causes.map((c, i) => (
        <p key={i} className="mt-0.5 font-mono text-xs break-words text-muted">
          {c}
        </p>
      ))}
      <details className="mt-2">
        <summary className="cursor-pointer text-xs text-accent">Full trace ({rest.length + 1} lines)</summary>
        <pre className="mt-2 max-h-96 overflow-auto rounded bg-surface-2 p-2 text-[11px] leading-snug whitespace-pre">{trace}</pre>
      </details>
    </div>
  );
}

function TasksCard({ cluster, connect, d }: { cluster: string; connect: string; d: ConnectorDetail }) {
  const canOperate = useCan('operator');
  const readOnly = useReadOnly(cluster);
  const act = useConnectorAction(cluster, connect, d.name);
  return (
    <Card className="mb-4">
      <CardHeader title="Tasks" description="Each task's state and worker; a failed task's trace says why it stopped." />
      {d.tasks.length === 0 ? (
        <EmptyState title="No tasks">{d.connector.state === 'STOPPED' ? 'A stopped connector runs no task.' : 'The connector has not started any task yet.'}</EmptyState>
      ) : (
        <ul className="divide-y divide-border" data-testid="connector-tasks-list">
          {d.tasks.map((t: TaskStatus) => (
            <li key={t.id} className="px-4 py-2" data-testid="task" data-task={t.id} data-state={t.state}>
              <div className="flex flex-wrap items-center gap-3 text-[13px]">
                <span className="font-medium tabular">Task {t.id}</span>
                <ConnectorStateBadge state={t.state} />
                <span className="font-mono text-xs text-muted">{t.workerId ?? 'unassigned'}</span>
                {canOperate && !readOnly && (
                  <Button
                    variant="ghost"
                    className="ml-auto h-7"
                    disabled={act.isPending}
                    onClick={() => act.mutate({ action: 'restart', restart: { task: t.id } }, { onSuccess: () => toast.success(`Restarting task ${t.id}`), onError: (e) => toast.error(e.message) })}
                  >
                    Restart task {t.id}
                  </Button>
                )}
              </div>
              {t.trace && (
                <div className="mt-2">
                  <Trace title={`Task ${t.id} failed`} trace={t.trace} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function TopicsCard({ cluster, d }: { cluster: string; d: ConnectorDetail }) {
  return (
    <Card>
      <CardHeader title="Topics" description={d.type === 'sink' ? 'Topics it has read' : 'Topics it has written'} />
      {d.topics === null ? (
        <p className="px-4 py-3 text-xs text-muted">The worker did not say (topic tracking may be off).</p>
      ) : d.topics.length === 0 ? (
        <p className="px-4 py-3 text-xs text-muted">None yet: the connector has not {d.type === 'sink' ? 'read' : 'written'} a record.</p>
      ) : (
        <ul className="px-4 py-2 text-[13px]" data-testid="connector-topics">
          {d.topics.map((t) => (
            <li key={t}>
              <Link className="text-accent hover:underline" href={`${clusterPath(cluster, 'topics')}/${encodeURIComponent(t)}`}>
                {t}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function OffsetsCard({ cluster, connect, d }: { cluster: string; connect: string; d: ConnectorDetail }) {
  const isAdmin = useCan('admin');
  const readOnly = useReadOnly(cluster);
  const [editing, setEditing] = useState(false);
  const change = useConnectorOffsets(cluster, connect, d.name);
  const stopped = d.connector.state === 'STOPPED';
  const { offsets, error } = d.offsets;
  return (
    <Card>
      <CardHeader
        title="Offsets"
        description={d.type === 'sink' ? 'Committed offsets of its consumer group, per topic partition' : 'Source partitions and the position reached in each (KIP-875)'}
        actions={
          isAdmin &&
          !readOnly && (
            <div className="flex gap-2">
              <Button className="h-7" disabled={!stopped} title={stopped ? undefined : 'stop the connector first'} onClick={() => setEditing(true)}>
                Alter…
              </Button>
              <Button
                className="h-7"
                variant="danger"
                disabled={!stopped || change.isPending}
                title={stopped ? undefined : 'stop the connector first'}
                onClick={() => change.mutate('reset', { onSuccess: (r) => toast.success(r.message), onError: (e) => toast.error(e.message) })}
              >
                Reset
              </Button>
            </div>
          )
        }
      />
      {error ? (
        <p className="px-4 py-3 text-xs text-warn">Could not read the offsets: {error}</p>
      ) : !offsets || offsets.length === 0 ? (
        <p className="px-4 py-3 text-xs text-muted">No offsets committed yet.</p>
      ) : (
        <Table className="w-full text-left text-xs" data-testid="connector-offsets">
          <THead className="text-muted">
            <TR>
              <TH className="px-4 py-1.5 font-medium">Partition</TH>
              <TH className="px-4 py-1.5 font-medium">Offset</TH>
            </TR>
          </THead>
          <TBody className="font-mono">
            {offsets.map((o, i) => (
              <TR key={i} className="border-b border-border last:border-0">
                <TD className="px-4 py-1.5 break-all">{JSON.stringify(o.partition)}</TD>
                <TD className="px-4 py-1.5 break-all">{o.offset === null ? 'null' : JSON.stringify(o.offset)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      {!stopped && isAdmin && <p className="border-t border-border px-4 py-2 text-xs text-muted">Offsets can be altered or reset once the connector is stopped.</p>}
      {editing && <AlterOffsets cluster={cluster} connect={connect} d={d} onClose={() => setEditing(false)} />}
    </Card>
  );
}

function AlterOffsets({ cluster, connect, d, onClose }: { cluster: string; connect: string; d: ConnectorDetail; onClose: () => void }) {
  const [text, setText] = useState(JSON.stringify({ offsets: d.offsets.offsets ?? [] }, null, 2));
  const [problem, setProblem] = useState<string | null>(null);
  const change = useConnectorOffsets(cluster, connect, d.name);
  const submit = () => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      return setProblem(`not valid JSON: ${(e as Error).message}`);
    }
    change.mutate(body as never, { onSuccess: (r) => (toast.success(r.message), onClose()), onError: (e) => setProblem(e.message) });
  };
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={`Alter offsets of ${d.name}`} description='KIP-875: {"offsets": [{"partition": {...}, "offset": {...} | null}]}; a null offset resets that partition.' size="xl">
      <textarea aria-label="Offsets as JSON" className="h-64 w-full rounded-md border border-border bg-bg p-2 font-mono text-xs" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      {problem && (
        <p role="alert" className="mt-2 text-xs text-bad">
          {problem}
        </p>
      )}
      <div className="mt-3 flex justify-end gap-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="primary" disabled={change.isPending} onClick={submit}>
          Alter offsets
        </Button>
      </div>
    </Dialog>
  );
}

function ConfigCard({ d }: { d: ConnectorDetail }) {
  const entries = Object.entries(d.config).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Card>
      <CardHeader title="Config" description={d.secretKeys.length ? `${d.secretKeys.length} secret value${d.secretKeys.length === 1 ? '' : 's'} (PASSWORD fields) stay on the server` : 'As the worker stores it'} />
      <Table className="w-full text-left text-xs" data-testid="connector-config">
        <TBody>
          {entries.map(([k, v]) => (
            <TR key={k} className="border-b border-border last:border-0">
              <TD className="w-1/3 px-4 py-1.5 font-mono break-all text-muted">{k}</TD>
              <TD className="px-4 py-1.5 font-mono break-all">{v === null ? <span className="text-muted italic">hidden (secret)</span> : v}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}
