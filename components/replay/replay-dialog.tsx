'use client';
import { Dialog } from '@/components/ui/dialog';
import { buttonClass, inputBase } from '@/components/ui/form';
import { useState } from 'react';
import { exportedMessage, type ExportedMessage, type ReplayInput, type ReplayRun, type ReplaySelection } from '@/lib/contracts/replays';
import { z } from 'zod';
import { ApiError } from '@/lib/client/api-fetch';
import { useCancelReplay, useReplayRun, useStartReplay } from '@/lib/client/use-replays';
import { formatCount } from '@/components/ui/format';
import { StatusBadge } from '@/components/ui/status-badge';


export type ReplaySource =
  | { kind: 'messages'; topic: string; messages: { partition: number; offset: number }[] }
  | { kind: 'range'; topic: string; partition?: number; from: string; filter: Record<string, string> }
  | { kind: 'import'; topic: string };

function describe(s: ReplaySource): string {
  if (s.kind === 'messages') return `${formatCount(s.messages.length)} selected message${s.messages.length === 1 ? '' : 's'} of ${s.topic}`;
  if (s.kind === 'import') return `a file in Riffle's JSON export format, into ${s.topic}`;
  const f = Object.entries(s.filter).filter(([, v]) => v);
  const words: Record<string, string> = { keyContains: 'the key contains', valueContains: 'the value contains', headerContains: 'a header contains', where: 'the JSON path' };
  return `${s.topic}${s.partition !== undefined ? ` partition ${s.partition}` : ''}${f.length ? ` where ${f.map(([k, v]) => `${words[k] ?? k} “${v}”`).join(' and ')}` : ' (every message)'}`;
}

const exportFile = z.array(exportedMessage).min(1).max(10_000);

/**
 * Replay or redrive: pick a target, count first (dry run), then send, with progress, cancel
 * and a summary. For a range the start and end are asked here (the browse position is a page, not a range).
 */
export function ReplayDialog({ cluster, source, trigger }: { cluster: string; source: ReplaySource; trigger: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState(source.kind === 'import' ? source.topic : source.topic);
  const [keepPartition, setKeepPartition] = useState(source.kind !== 'import');
  const [rate, setRate] = useState('');
  const [from, setFrom] = useState(source.kind === 'range' && source.from !== 'latest' ? source.from : 'earliest');
  const [to, setTo] = useState('latest');
  const [file, setFile] = useState<{ name: string; messages: ExportedMessage[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const [dryRunId, setDryRunId] = useState<string | null>(null);
  const start = useStartReplay(cluster);
  const cancel = useCancelReplay(cluster);
  const run = useReplayRun(cluster, runId);
  const dry = useReplayRun(cluster, dryRunId);

  const selection = (): ReplaySelection | null => {
    if (source.kind === 'messages') return { kind: 'messages', topic: source.topic, messages: source.messages };
    if (source.kind === 'import') return file ? { kind: 'import', messages: file.messages } : null;
    const filter = Object.fromEntries(Object.entries(source.filter).filter(([, v]) => v));
    return {
      kind: 'range',
      topic: source.topic,
      ...(source.partition !== undefined ? { partitions: [source.partition] } : {}),
      from,
      to,
      ...(Object.keys(filter).length ? { filter } : {}),
    };
  };

  const go = (dryRun: boolean) => {
    const sel = selection();
    if (!sel) return setProblem('choose a file first');
    const body: ReplayInput = { selection: sel, target: { topic: target.trim(), keepPartition }, dryRun, ...(rate.trim() ? { ratePerSecond: Number(rate) } : {}) };
    setProblem(null);
    start.mutate(body, {
      onSuccess: (r) => (dryRun ? setDryRunId(r.id) : setRunId(r.id)),
      onError: (err) => setProblem(err instanceof ApiError && err.field ? `${err.field}: ${err.message}` : err.message),
    });
  };

  const readFile = async (f: File | undefined) => {
    setFile(null);
    setProblem(null);
    if (!f) return;
    try {
      const parsed = exportFile.safeParse(JSON.parse(await f.text()));
      if (!parsed.success) return setProblem(`${f.name} is not a Riffle JSON export: ${parsed.error.issues[0]!.path.join('.') || 'file'}: ${parsed.error.issues[0]!.message}`);
      setFile({ name: f.name, messages: parsed.data });
    } catch (err) {
      setProblem(`${f.name} is not JSON: ${(err as Error).message}`);
    }
  };

  const running = run.data?.state === 'running';
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o && running) return; // keep the progress in view while it runs
        setOpen(o);
        if (o) {
          setRunId(null);
          setDryRunId(null);
          setProblem(null);
        }
      }}
      trigger={trigger}
      title={source.kind === 'import' ? 'Import messages' : 'Replay messages'}
      description={<>{describe(source)}. Key, value and headers are kept; each copy gets <code>riffle.replay.*</code> headers saying where it came from.</>}
      size="lg"
    >
          <div className="grid gap-3 text-[13px]">
            {source.kind === 'import' && (
              <label className="grid gap-1">
                <span className="text-xs text-muted">Export file (the JSON download of a topic&apos;s Messages tab)</span>
                <input type="file" accept="application/json,.json" onChange={(e) => void readFile(e.target.files?.[0])} data-testid="replay-file" />
                {file && <span className="text-xs text-muted">{formatCount(file.messages.length)} messages in {file.name}</span>}
              </label>
            )}
            {source.kind === 'range' && (
              <div className="grid grid-cols-2 gap-3">
                <label className="grid gap-1">
                  <span className="text-xs text-muted">From (earliest, offset:N, timestamp:MS)</span>
                  <input className={inputBase} value={from} onChange={(e) => setFrom(e.target.value)} />
                </label>
                <label className="grid gap-1">
                  <span className="text-xs text-muted">To (latest, offset:N inclusive, timestamp:MS)</span>
                  <input className={inputBase} value={to} onChange={(e) => setTo(e.target.value)} />
                </label>
              </div>
            )}
            <div className="grid grid-cols-2 gap-3">
              <label className="grid gap-1">
                <span className="text-xs text-muted">Target topic</span>
                <input className={inputBase} value={target} onChange={(e) => setTarget(e.target.value)} aria-label="Target topic" />
              </label>
              <label className="grid gap-1">
                <span className="text-xs text-muted">Rate limit (messages/s, empty: none)</span>
                <input className={inputBase} inputMode="numeric" value={rate} onChange={(e) => setRate(e.target.value)} placeholder="no limit" />
              </label>
            </div>
            <label className="flex items-center gap-1.5">
              <input type="checkbox" checked={keepPartition} onChange={(e) => setKeepPartition(e.target.checked)} />
              Keep each message&apos;s partition (otherwise by key, as the Java client places it)
            </label>
            {problem && (
              <p role="alert" className="rounded-md border border-bad/40 bg-bad/5 px-3 py-2 text-xs text-bad">
                {problem}
              </p>
            )}
            {dry.data && (
              <p className="rounded-md border border-border bg-surface-2 px-3 py-2 text-xs" data-testid="replay-dry-run">
                {dry.data.state === 'running'
                  ? `Counting… ${formatCount(dry.data.matched)} so far (${formatCount(dry.data.scanned)} read)`
                  : `Dry run: ${formatCount(dry.data.matched)} message${dry.data.matched === 1 ? '' : 's'} would be sent${dry.data.skipped ? `, ${formatCount(dry.data.skipped)} skipped` : ''} (${formatCount(dry.data.scanned)} read).`}
              </p>
            )}
            {run.data && <Progress run={run.data} onCancel={() => cancel.mutate(run.data!.id)} cancelling={cancel.isPending} />}
            <div className="flex justify-end gap-2">
              <button type="button" className={buttonClass()} disabled={start.isPending || running} onClick={() => go(true)}>
                Count first (dry run)
              </button>
              <button type="button" className={buttonClass('primary')} disabled={start.isPending || running} onClick={() => go(false)}>
                {source.kind === 'import' ? 'Import' : 'Replay'}
              </button>
            </div>
          </div>
    </Dialog>
  );
}

function Progress({ run, onCancel, cancelling }: { run: ReplayRun; onCancel: () => void; cancelling: boolean }) {
  const done = run.sent + run.skipped + run.failed;
  const total = run.total ?? null;
  const pct = total ? Math.min(100, Math.round((run.scanned / Math.max(1, total)) * 100)) : null;
  const tone = run.state === 'done' ? (run.failed ? 'warn' : 'ok') : run.state === 'running' ? 'info' : run.state === 'cancelled' ? 'warn' : 'bad';
  return (
    <div className="grid gap-2 rounded-md border border-border px-3 py-2 text-xs" data-testid="replay-progress">
      <div className="flex items-center justify-between gap-2">
        <StatusBadge tone={tone}>{run.state}</StatusBadge>
        {run.state === 'running' && (
          <button type="button" className="rounded border border-bad/50 px-2 py-0.5 text-bad disabled:opacity-50" onClick={onCancel} disabled={cancelling}>
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </div>
      {pct !== null && (
        <div className="h-1.5 overflow-hidden rounded bg-surface-2" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} aria-label="Messages read">
          <div className="h-full bg-accent" style={{ width: `${pct}%` }} />
        </div>
      )}
      <p className="tabular" data-testid="replay-summary">
        Sent {formatCount(run.sent)} · skipped {formatCount(run.skipped)} · failed {formatCount(run.failed)} · {formatCount(run.scanned)} read
        {total !== null ? ` of ${formatCount(total)}` : ''}
        {run.ratePerSecond ? ` · limited to ${formatCount(run.ratePerSecond)}/s` : ''}
        {done === 0 && run.state === 'running' ? ' · starting…' : ''}
      </p>
      {run.reasons.length > 0 && (
        <ul className="list-disc pl-4 text-muted">
          {run.reasons.map((r) => (
            <li key={`${r.outcome}:${r.reason}`}>
              {formatCount(r.count)} {r.outcome}: {r.reason}
            </li>
          ))}
        </ul>
      )}
      {run.error && <p className="text-bad">Stopped: {run.error}</p>}
    </div>
  );
}
