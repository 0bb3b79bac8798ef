'use client';
import Link from 'next/link';
import { ArrowRight } from 'lucide-react';
import { useAllConnectors } from '@/lib/client/use-connect';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import { clusterPath } from '@/components/shell/nav-items';
import { ConnectorStateBadge, connectorPath } from '@/components/connect/connector-state';
import { connectorFlows, type FlowConnector, type FlowRow } from './connector-flow';

/** Rows of the flow for the connectors of a Kafka cluster; `pipelineTopics` marks the weather pipeline's. */
export function useConnectorFlows(cluster: string, pipelineTopics: { role: string; name: string }[]) {
  const { clusters, lists } = useAllConnectors(cluster);
  const loaded = lists.filter((l) => l.query.data).map((l) => ({ connect: l.connect, connectors: l.query.data!.connectors }));
  return {
    clusters,
    lists,
    rows: connectorFlows(loaded, pipelineTopics),
    pending: clusters.isPending || lists.some((l) => l.query.isPending),
  };
}

/** The connectors of a pipeline topic, for its node in the weather data flow: "← source x", "→ sink y". */
export function TopicConnectors({ cluster, row }: { cluster: string; row: FlowRow | undefined }) {
  if (!row || (!row.sources.length && !row.sinks.length)) return null;
  return (
    <span className="block" data-testid="topic-connectors">
      {row.sources.map((c) => (
        <span key={`s:${c.connect}:${c.name}`} className="block">
          ← <ConnectorLink cluster={cluster} c={c} /> <span className="text-muted">({c.state.toLowerCase()})</span>
        </span>
      ))}
      {row.sinks.map((c) => (
        <span key={`k:${c.connect}:${c.name}`} className="block">
          → <ConnectorLink cluster={cluster} c={c} /> <span className="text-muted">({c.state.toLowerCase()})</span>
        </span>
      ))}
    </span>
  );
}

function ConnectorLink({ cluster, c }: { cluster: string; c: FlowConnector }) {
  return (
    <Link className="font-mono text-accent hover:underline" href={connectorPath(clusterPath(cluster), c.connect, c.name)}>
      {c.name}
    </Link>
  );
}

function ConnectorNode({ cluster, c }: { cluster: string; c: FlowConnector }) {
  return (
    <li className="rounded-md border border-border bg-surface px-2.5 py-2" data-testid="flow-connector" data-connector={c.name} data-type={c.type} data-state={c.state}>
      <p className="text-[10px] uppercase tracking-wide text-muted">
        {c.type === 'sink' ? 'sink connector' : c.type === 'source' ? 'source connector' : `${c.type} connector`} · Connect “{c.connect}”
      </p>
      <p className="text-[12px] font-semibold [overflow-wrap:anywhere]">
        <ConnectorLink cluster={cluster} c={c} />
      </p>
      <div className="mt-1 flex flex-wrap items-center gap-2">
        <ConnectorStateBadge state={c.state} />
        <span className={c.failedTasks ? 'text-xs text-bad tabular' : 'text-xs text-muted tabular'}>
          {c.tasks} {c.tasks === 1 ? 'task' : 'tasks'}
          {c.failedTasks ? `, ${c.failedTasks} failed` : ''}
        </span>
      </div>
    </li>
  );
}

function Side({ cluster, items, empty }: { cluster: string; items: FlowConnector[]; empty: string }) {
  if (!items.length) return <p className="text-xs text-muted">{empty}</p>;
  return (
    <ul className="flex min-w-0 flex-col gap-2">
      {items.map((c) => (
        <ConnectorNode key={`${c.connect}:${c.name}`} cluster={cluster} c={c} />
      ))}
    </ul>
  );
}

/**
 * Kafka Connect in the data flow: each topic a connector used, the source connectors writing it
 * on its left and the sink connectors reading it on its right, each with its state and tasks.
 */
export function ConnectorsFlowCard({ cluster, flows }: { cluster: string; flows: ReturnType<typeof useConnectorFlows> }) {
  const { clusters, lists, rows, pending } = flows;
  const configured = clusters.data?.clusters ?? [];
  const unreachable = configured.filter((c) => c.error);
  const failedLists = lists.filter((l) => l.query.error && !l.query.data);
  return (
    <Card className="mb-4">
      <CardHeader title="Connectors in the data flow" description="Kafka Connect: source connectors → the topics they wrote → sink connectors that read them (topics each connector used, as its worker reports them)" />
      <div className="p-3" data-testid="connectors-flow">
        {clusters.isPending ? (
          <Skeleton className="h-16" />
        ) : clusters.error ? (
          <ErrorState title="Could not list the Connect clusters" reason={clusters.error.message} />
        ) : configured.length === 0 ? (
          <EmptyState title="No Kafka Connect cluster configured">
            Set <code>CONNECT_URL</code>, or <code>connect:</code> for this cluster in RIFFLE_CLUSTERS; locally <code>npm run connect:up</code>.
          </EmptyState>
        ) : (
          <>
            {[...unreachable.map((c) => (c.error!.includes(`"${c.name}"`) ? c.error! : `Kafka Connect “${c.name}”: ${c.error}`)), ...failedLists.map((l) => `Could not list the connectors of Kafka Connect “${l.connect}”: ${l.query.error!.message}`)].map((m) => (
              <p key={m} role="status" className="mb-2 text-xs text-warn">
                {m}
              </p>
            ))}
            {pending && rows.length === 0 ? (
              <Skeleton className="h-16" />
            ) : rows.length === 0 ? (
              <EmptyState title="No connectors">
                {unreachable.length === configured.length ? 'No Connect cluster answered.' : 'No connector runs on the Connect clusters of this Kafka cluster.'}{' '}
                {/* underlined: a link inside a sentence must not be told apart by colour alone (axe link-in-text-block) */}
                <Link className="text-accent underline" href={clusterPath(cluster, 'connect')}>
                  Open the Kafka Connect page
                </Link>
              </EmptyState>
            ) : (
              <ol className="flex flex-col gap-3" aria-label="Connectors and their topics">
                {rows.map((r) => (
                  <li key={r.topic ?? '(none)'} className="grid grid-cols-[minmax(0,1fr)_auto_minmax(0,1fr)_auto_minmax(0,1fr)] items-center gap-2" data-testid="flow-row" data-topic={r.topic ?? ''}>
                    <Side cluster={cluster} items={r.sources} empty={r.topic ? 'written by no connector' : ''} />
                    <ArrowRight aria-hidden className="size-5 text-muted" />
                    <div className="min-w-0 rounded-md border border-border bg-surface-2 px-2.5 py-2" data-testid="flow-topic">
                      <p className="text-[10px] uppercase tracking-wide text-muted">{r.topic ? (r.pipelineRole ? `topic · weather pipeline ${r.pipelineRole}` : 'topic') : 'no topic yet'}</p>
                      {r.topic ? (
                        <Link className="font-mono text-[12px] font-semibold text-accent [overflow-wrap:anywhere] hover:underline" href={`${clusterPath(cluster, 'topics')}/${encodeURIComponent(r.topic)}`}>
                          {r.topic}
                        </Link>
                      ) : (
                        <p className="text-xs text-muted">these connectors have not written or read a record</p>
                      )}
                    </div>
                    <ArrowRight aria-hidden className="size-5 text-muted" />
                    <Side cluster={cluster} items={r.sinks} empty={r.topic ? 'read by no connector' : ''} />
                  </li>
                ))}
              </ol>
            )}
          </>
        )}
      </div>
    </Card>
  );
}
