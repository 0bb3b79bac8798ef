'use client';
import { Fragment, useState } from 'react';
import { useUrlState } from '@/lib/client/use-url-state';
import { ArrowRight, Pause, Play } from 'lucide-react';
import { toast } from 'sonner';
import { Card, CardHeader } from '@/components/ui/card';
import { formatCount, formatTime } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { Stat } from '@/components/ui/stat';
import { EmptyState, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge, type Tone } from '@/components/ui/status-badge';
import { useControlProducer, usePipeline } from '@/lib/client/use-pipeline';
import type { PipelineGroup, PipelineReport, ProcessStatusOut } from '@/lib/contracts/pipeline';
import { ConnectorsFlowCard, TopicConnectors, useConnectorFlows } from './connectors-flow';
import type { FlowRow } from './connector-flow';
import { TopologyGraph } from './topology-graph';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';

const groupTone: Record<PipelineGroup['status'], Tone> = { ok: 'ok', lagging: 'warn', 'no-members': 'bad', unknown: 'neutral' };
const groupWords: Record<PipelineGroup['status'], string> = { ok: 'ok', lagging: 'lagging', 'no-members': 'no members', unknown: 'not started' };
const rate = (n: number | null | undefined) => (n == null ? '—' : n >= 100 ? formatCount(n) : n.toFixed(1));

function processTone(p: ProcessStatusOut | undefined): Tone {
  if (!p) return 'neutral';
  if (p.stale || p.state === 'stopped') return 'bad';
  if (p.state === 'db-unavailable' || p.state === 'paused' || p.state === 'restoring') return 'warn';
  return 'ok';
}

export function PipelineView({ cluster }: { cluster: string }) {
  const { params } = useUrlState();
  const prefix = params.get('prefix') ?? '';
  const { data, error, isPending } = usePipeline(cluster, prefix);
  // Connectors are part of the data flow: a slow or absent Connect worker never holds the pipeline's view.
  const flows = useConnectorFlows(cluster, (data?.topics ?? []).filter((t) => t.role !== 'control'));
  const title = <PageHeader title="Pipeline" description={<>Weather pipeline{prefix ? <> with topic prefix <code className="font-mono">{prefix}</code></> : null}: replay producer → stream processor (exactly once) → database writer</>} actions={data && <p className="text-xs text-muted tabular">Updated {formatTime(data.fetchedAt)}{error && <span className="ml-2 text-warn">(stale: {error.message})</span>}</p>} />;
  if (isPending) return (<>{title}<Loading label="Loading the pipeline…" /></>);
  if (error && !data) return (<>{title}<ErrorState title="Could not load the pipeline" reason={error.message} /></>);
  const r = data!;
  const raw = r.topics.find((t) => t.role === 'raw')!;
  if (!raw.exists) {
    return (
      <>
        {title}
        <Card>
          <EmptyState title="The pipeline has not run on this cluster">
            Topic <code className="font-mono">{raw.name}</code> does not exist. Start the pipeline with <code className="font-mono">npm run pipeline</code>.
          </EmptyState>
        </Card>
        <Card className="mt-4">
          <CardHeader title="Processor topology" description="What the stream processor will run (describe())" />
          <div className="p-3"><TopologyGraph topology={r.topology} /></div>
        </Card>
        <div className="mt-4"><ConnectorsFlowCard cluster={cluster} flows={flows} /></div>
      </>
    );
  }
  return (
    <>
      {title}
      <Summary r={r} />
      <Card className="mb-4">
        <CardHeader title="Data flow" description="Topics and processes; throughput from topic end offsets and process status; lag per consumer group" />
        <div className="overflow-x-auto" role="region" aria-label="Pipeline data flow" tabIndex={0}>
          <FlowGraph r={r} cluster={cluster} connectorRows={flows.rows} />
        </div>
      </Card>
      <ConnectorsFlowCard cluster={cluster} flows={flows} />
      <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,1fr)]">
        <Card className="min-w-0">
          <CardHeader title="Processor topology" description="source → validate → enrich → windowed aggregate → sinks, from describe()" />
          <div className="p-3"><TopologyGraph topology={r.topology} /></div>
        </Card>
        <ProducerControls r={r} cluster={cluster} prefix={prefix} />
      </div>
      <ProcessesTable r={r} />
    </>
  );
}

function Summary({ r }: { r: PipelineReport }) {
  const producer = r.processes.find((p) => p.role === 'producer');
  const writer = r.groups.find((g) => g.role === 'db-writer');
  const processors = r.processes.filter((p) => p.role === 'processor' && !p.stale);
  return (
    <dl className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
      <Stat label="Producer" value={<span data-testid="producer-state">{producer ? (producer.stale ? 'not reporting' : producer.state) : 'not running'}</span>} hint={producer ? `${rate(producer.rate)} events/s · ${producer.detail.speedDaysPerSecond ?? '—'} days/s` : undefined} />
      <Stat label="Processor instances" value={processors.length} unit="running" hint={processors.map((p) => `#${p.instance}: partitions ${p.detail.partitions ?? 'none'}`).join(' · ') || undefined} />
      <Stat label="Processed rate" value={<span data-testid="processed-rate">{rate(processors.reduce((s, p) => s + p.rate, 0))}</span>} unit="events/s" />
      <Stat label="DB writer lag" value={writer?.lag == null ? '—' : formatCount(writer.lag)} unit="records" tone={writer?.status === 'lagging' ? 'warn' : undefined} />
      <Stat label="Dead-letter queue" value={<span data-testid="dlq-count">{formatCount(r.dlqCount)}</span>} unit="records" tone={r.dlqCount > 0 ? 'warn' : undefined} />
    </dl>
  );
}

/** Lets a long topic name wrap after its separators ("weather." / "processed"), not mid-word. */
function withBreaks(name: string): React.ReactNode[] {
  return name.split(/(?<=[._-])/).map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}

function NodeBox({ title, kind, tone, state, lines, testid }: { title: string; kind: string; tone: Tone; state: string; lines: React.ReactNode[]; testid: string }) {
  return (
    <div className="min-w-0 rounded-md border border-border bg-surface-2 px-2.5 py-2" data-testid={testid}>
      <p className="text-[10px] uppercase tracking-wide text-muted">{kind}</p>
      <p className="font-mono text-[11px] leading-snug font-semibold [overflow-wrap:anywhere]" title={title}>
        {withBreaks(title)}
      </p>
      {kind === 'topic' ? <p className="mt-1 text-xs">{state}</p> : <div className="mt-1"><StatusBadge tone={tone}>{state}</StatusBadge></div>}
      {lines.filter(Boolean).map((l, i) => (
        <p key={i} className="mt-0.5 text-xs leading-snug text-muted tabular">{l}</p>
      ))}
    </div>
  );
}

function Edge({ label, group }: { label: string; group?: PipelineGroup }) {
  return (
    <div className="flex w-20 shrink-0 flex-col items-center justify-center text-center" data-testid={group ? `edge-${group.role}` : undefined}>
      <span className="text-[10px] text-muted">{label}</span>
      <ArrowRight aria-hidden className="size-5 text-muted" />
      {group && (
        <>
          <StatusBadge tone={groupTone[group.status]}>{groupWords[group.status]}</StatusBadge>
          <span className="mt-1 text-[11px] leading-tight text-muted tabular">lag {group.lag == null ? '—' : formatCount(group.lag)} · {group.members} member{group.members === 1 ? '' : 's'}</span>
          <span className="max-w-20 truncate font-mono text-[10px] text-muted" title={group.groupId}>group {group.groupId}</span>
        </>
      )}
    </div>
  );
}

function FlowGraph({ r, cluster, connectorRows }: { r: PipelineReport; cluster: string; connectorRows: FlowRow[] }) {
  const t = (role: string) => r.topics.find((x) => x.role === role)!;
  const g = (role: string) => r.groups.find((x) => x.role === role);
  const procs = (role: string) => r.processes.filter((p) => p.role === role);
  const producer = procs('producer')[0];
  const processors = procs('processor');
  const writers = procs('db-writer');
  const topicBox = (role: string, extra?: React.ReactNode) => {
    const x = t(role);
    const row = connectorRows.find((c) => c.topic === x.name);
    const connectors = row ? <TopicConnectors key="c" cluster={cluster} row={row} /> : null;
    return <NodeBox testid={`node-${role}`} title={x.name} kind="topic" tone={x.exists ? 'info' : 'neutral'} state={x.exists ? `${x.partitions} partition${x.partitions === 1 ? '' : 's'}` : 'missing'} lines={[<span key="r" data-testid={`rate-${role}`}>{rate(x.rate)} offsets/s</span>, `${formatCount(x.endOffset)} offsets`, extra, connectors]} />;
  };
  const procState = (ps: ProcessStatusOut[]) => (ps.length === 0 ? 'not running' : ps.every((p) => p.stale) ? 'not reporting' : [...new Set(ps.filter((p) => !p.stale).map((p) => p.state))].join(', '));
  const procTone = (ps: ProcessStatusOut[]) => (ps.length === 0 ? 'neutral' : processTone(ps.find((p) => !p.stale) ?? ps[0]));
  const sumRate = (ps: ProcessStatusOut[]) => ps.filter((p) => !p.stale).reduce((s, p) => s + p.rate, 0);
  return (
    <div className="grid min-w-[940px] grid-cols-[minmax(0,1fr)_auto_minmax(0,1fr)_auto_minmax(0,1fr)_auto_minmax(0,1.3fr)_auto_minmax(0,1fr)_auto_minmax(0,1fr)] items-center gap-1 p-3" data-testid="flow-graph">
      <NodeBox testid="node-producer" title="replay producer" kind="process" tone={processTone(producer)} state={producer ? (producer.stale ? 'not reporting' : producer.state) : 'not running'} lines={[`${rate(producer?.rate)} events/s`, producer?.detail.position ? `at ${producer.detail.position}` : null]} />
      <Edge label="produce (idempotent)" />
      {topicBox('raw')}
      <Edge label="consume" group={g('processor')} />
      <NodeBox testid="node-processor" title={`stream processor ×${processors.filter((p) => !p.stale).length}`} kind="process" tone={procTone(processors)} state={procState(processors)} lines={[<span key="r" data-testid="rate-processor">{rate(sumRate(processors))} events/s</span>, `${formatCount(processors.reduce((s, p) => s + (p.counters.transactions ?? 0), 0))} transactions`]} />
      <Edge label="transactional" />
      <div className="flex min-w-0 flex-col gap-2">
        {topicBox('processed')}
        {topicBox('dlq')}
        {topicBox('changelog')}
      </div>
      <Edge label="consume (read_committed)" group={g('db-writer')} />
      <NodeBox testid="node-writer" title="db writer" kind="process" tone={procTone(writers)} state={procState(writers)} lines={[`${rate(sumRate(writers))} records/s`, writers[0]?.detail.lastError ? <span key="e" className="text-bad">{String(writers[0].detail.lastError)}</span> : null]} />
      <Edge label="upsert → commit offsets" />
      <NodeBox testid="node-database" title={String(writers[0]?.detail.database ?? 'database')} kind="database" tone={writers.some((w) => w.state === 'db-unavailable') ? 'bad' : writers.length ? 'ok' : 'neutral'} state={writers.some((w) => w.state === 'db-unavailable') ? 'unreachable' : writers.length ? 'reachable' : 'unknown'} lines={[`${formatCount(writers.reduce((s, w) => s + (w.counters.readings ?? 0), 0))} readings written`]} />
    </div>
  );
}

function ProducerControls({ r, cluster, prefix }: { r: PipelineReport; cluster: string; prefix: string }) {
  const control = useControlProducer(cluster, prefix);
  const producer = r.processes.find((p) => p.role === 'producer');
  const paused = r.producerCommand?.paused ?? producer?.detail.paused === true;
  const currentSpeed = r.producerCommand?.speedDaysPerSecond ?? (typeof producer?.detail.speedDaysPerSecond === 'number' ? producer.detail.speedDaysPerSecond : 10);
  const [speed, setSpeed] = useState<string>('');
  const send = (input: { paused?: boolean; speedDaysPerSecond?: number }, done: string) =>
    control.mutate(input, {
      onSuccess: () => toast.success(done),
      onError: (e) => toast.error(`Producer control failed: ${e.message}`),
    });
  return (
    <Card>
      <CardHeader title="Producer controls" description={<>Commands go through the control topic <code className="font-mono">{r.topics.find((t) => t.role === 'control')?.name}</code></>} />
      <div className="space-y-3 p-4 text-[13px]">
        <p>
          Producer: <StatusBadge tone={processTone(producer)}>{producer ? (producer.stale ? 'not reporting' : producer.state) : 'not running'}</StatusBadge>{' '}<br />
          <span className="text-muted tabular">at {String(producer?.detail.position ?? '—')} · {currentSpeed} days/s</span>
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="button"
            data-testid="producer-toggle"
            disabled={control.isPending}
            onClick={() => send({ paused: !paused }, paused ? 'Producer resumed' : 'Producer paused')}
            className="inline-flex items-center gap-1.5 rounded-md border border-border bg-surface-2 px-3 py-1.5 font-medium hover:bg-surface disabled:opacity-50"
          >
            {paused ? <Play aria-hidden className="size-4" /> : <Pause aria-hidden className="size-4" />}
            {paused ? 'Resume' : 'Pause'}
          </button>
          <form
            className="flex items-center gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              const n = Number(speed);
              if (!Number.isFinite(n) || n < 0.1 || n > 10_000) {
                toast.error('Speed must be between 0.1 and 10,000 days per second');
                return;
              }
              send({ speedDaysPerSecond: n }, `Speed set to ${n} days/s`);
            }}
          >
            <label className="flex items-center gap-2">
              Speed
              <input
                aria-label="Speed in days per second"
                data-testid="producer-speed"
                inputMode="decimal"
                placeholder={String(currentSpeed)}
                value={speed}
                onChange={(e) => setSpeed(e.target.value)}
                className="w-20 rounded-md border border-border bg-surface px-2 py-1 tabular"
              />
              <span className="text-muted">days/s</span>
            </label>
            <button type="submit" disabled={control.isPending || speed === ''} className="rounded-md bg-accent px-3 py-1.5 font-medium text-accent-fg disabled:opacity-50">
              Apply
            </button>
          </form>
        </div>
        {r.statusReader !== 'ready' && <p className="text-xs text-muted">Status reader: {r.statusReader}{r.statusError ? ` (${r.statusError})` : ''}</p>}
      </div>
    </Card>
  );
}

function ProcessesTable({ r }: { r: PipelineReport }) {
  return (
    <Card className="mt-4">
      <CardHeader title="Processes" description="Each pipeline process reports its state to the control topic once a second" />
      {r.processes.length === 0 ? (
        <EmptyState title="No process has reported yet" />
      ) : (
        <div className="overflow-x-auto" role="region" aria-label="Processes" tabIndex={0}>
          <Table className="w-full text-left text-[13px]" data-testid="processes-table">
            <THead>
              <TR>
                <TH>Role</TH>
                <TH>Instance</TH>
                <TH>State</TH>
                <TH className="px-3 py-2 text-right font-medium">Rate (records/s)</TH>
                <TH>Counters</TH>
                <TH>Last report</TH>
              </TR>
            </THead>
            <TBody className="tabular">
              {r.processes.map((p) => (
                <TR key={`${p.role}:${p.instance}`} className="border-b border-border last:border-0">
                  <TD className="px-4 py-1.5 font-medium">{p.role}</TD>
                  <TD className="px-3 py-1.5 font-mono text-xs">{p.instance}</TD>
                  <TD className="px-3 py-1.5"><StatusBadge tone={processTone(p)}>{p.stale ? `not reporting (was ${p.state})` : p.state}</StatusBadge></TD>
                  <TD className="px-3 py-1.5 text-right">{rate(p.rate)}</TD>
                  <TD className="px-3 py-1.5 text-xs text-muted">{Object.entries(p.counters).map(([k, v]) => `${k} ${formatCount(v)}`).join(' · ')}</TD>
                  <TD className="px-3 py-1.5 text-xs">{formatTime(p.updatedAt)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </div>
      )}
    </Card>
  );
}
