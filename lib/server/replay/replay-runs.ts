import 'server-only';
import { randomUUID } from 'node:crypto';
import type { WireMessage } from '@/lib/contracts/messages';
import { REPLAY_HEADER, replayInput, type ReplayInputParsed, type ReplayRun, type ReplaySelection } from '@/lib/contracts/replays';
import { recordAudit } from '../audit';
import type { Principal } from '../auth/principal';
import { NotFound } from '../errors';
import { describeCause } from '../kafka/kafka-errors';
import { produceRecords, type OutgoingRecord } from '../kafka/produce';
import { browseReaderFor } from '../messages/kafka-reader';
import { partitionForKey } from '../messages/partition-for-key';
import { filterOf, selectMessages, type SelectionProgress } from './replay-selection';
import { singleton } from '../singleton';

/**
 * Replay runs live in the process that started them (progress, cancel), and each is audited
 * when it starts (by the route) and when it ends (here), with its selection and counts.
 */
interface Run extends ReplayRun {
  abort: AbortController;
  cluster: string;
  reasonCounts: Map<string, number>;
}

const runs = singleton('riffle:replay/replay-runs', (): Map<string, Run> => new Map());
const KEEP_RUNS = 100;
const CHUNK = 200;

function describeSelection(sel: ReplaySelection): string {
  if (sel.kind === 'import') return `${sel.messages.length} messages from an export file`;
  if (sel.kind === 'messages') return `${sel.messages.length} chosen messages of ${sel.topic}`;
  const f = sel.filter ? Object.entries(sel.filter).filter(([, v]) => v).map(([k, v]) => `${k}=${JSON.stringify(v)}`) : [];
  return `${sel.topic}${sel.partitions ? ` partitions ${sel.partitions.join(',')}` : ''} from ${sel.from} to ${sel.to}${f.length ? ` where ${f.join(' and ')}` : ''}`;
}

export function toPublic(r: Run): ReplayRun {
  const { abort: _a, cluster: _c, reasonCounts, ...rest } = r;
  return {
    ...rest,
    reasons: [...reasonCounts].map(([k, count]) => {
      const [outcome, reason] = k.split('\u0000') as ['skipped' | 'failed', string];
      return { outcome, reason, count };
    }),
  };
}

export function getRun(id: string): ReplayRun {
  const r = runs.get(id);
  if (!r) throw new NotFound(`no replay run "${id}" on this console instance (runs live in the instance that started them)`, 'id');
  return toPublic(r);
}

export function listRuns(cluster: string): ReplayRun[] {
  return [...runs.values()].filter((r) => r.cluster === cluster).reverse().map(toPublic);
}

export function cancelRun(id: string): ReplayRun {
  const r = runs.get(id);
  if (!r) throw new NotFound(`no replay run "${id}" on this console instance`, 'id');
  r.abort.abort();
  return toPublic(r);
}

/** Validates, checks the selection can be read (so a bad filter is a 400 now, not a failed run), and starts the run. */
export async function startRun(cluster: string, raw: unknown, principal: Pick<Principal, 'name' | 'role' | 'via'>, mask: (topic: string) => (m: WireMessage) => WireMessage): Promise<ReplayRun> {
  const input = replayInput.parse(raw);
  filterOf(input.selection); // throws BadRequest on a bad `where`
  const reader = browseReaderFor(cluster);
  const target = await reader.layout(input.target.topic); // 404 when the target does not exist
  if (input.selection.kind !== 'import') await reader.layout(input.selection.topic);
  const run: Run = {
    id: randomUUID().slice(0, 18),
    state: 'running',
    dryRun: input.dryRun,
    selection: describeSelection(input.selection),
    target: `${input.target.topic}${input.target.keepPartition ? ' (same partitions)' : ''}`,
    startedBy: principal.name,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    scanned: 0,
    matched: 0,
    sent: 0,
    skipped: 0,
    failed: 0,
    reasons: [],
    total: null,
    ratePerSecond: input.ratePerSecond ?? null,
    error: null,
    abort: new AbortController(),
    cluster,
    reasonCounts: new Map(),
  };
  runs.set(run.id, run);
  for (const old of [...runs.keys()].slice(0, Math.max(0, runs.size - KEEP_RUNS))) if (runs.get(old)!.state !== 'running') runs.delete(old);
  void execute(run, input, target.leaders.size, principal, input.selection.kind === 'import' ? (m) => m : mask(input.selection.topic));
  return toPublic(run);
}

function note(run: Run, outcome: 'skipped' | 'failed', reason: string, n = 1): void {
  run[outcome] += n;
  const k = `${outcome}\u0000${reason}`;
  run.reasonCounts.set(k, (run.reasonCounts.get(k) ?? 0) + n);
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

async function execute(run: Run, input: ReplayInputParsed, targetPartitions: number, principal: Pick<Principal, 'name' | 'role' | 'via'>, mask: (m: WireMessage) => WireMessage): Promise<void> {
  const reader = browseReaderFor(run.cluster);
  const signal = run.abort.signal;
  const progress: SelectionProgress = { scanned: 0, total: null };
  const started = Date.now();
  const rate = input.ratePerSecond;
  const chunkSize = rate ? Math.max(1, Math.min(CHUNK, Math.ceil(rate / 10))) : CHUNK;
  let rr = Math.floor(Math.random() * targetPartitions);
  let pending: OutgoingRecord[] = [];
  const at = new Date().toISOString();

  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    if (rate) {
      // never ahead of the rate: the batch goes out when the run's average allows it
      const due = started + ((run.sent + run.failed + batch.length) / rate) * 1000;
      if (due > Date.now()) await sleep(due - Date.now(), signal);
      if (signal.aborted) return;
    }
    try {
      await produceRecords(run.cluster, input.target.topic, batch);
      run.sent += batch.length;
    } catch (err) {
      note(run, 'failed', `the target refused the batch: ${describeCause(err)}`, batch.length);
    }
  };

  try {
    for await (const picked of selectMessages(reader, input.selection, progress, mask, signal)) {
      run.scanned = progress.scanned;
      run.total = progress.total;
      if (signal.aborted) break;
      if (!picked.ok) {
        note(run, 'skipped', picked.reason);
        continue;
      }
      if (run.matched >= input.maxMessages) break;
      run.matched++;
      if (input.dryRun) continue;
      const m = picked.m;
      let partition: number;
      if (input.target.keepPartition && m.partition !== null) {
        if (m.partition >= targetPartitions) {
          note(run, 'skipped', `the target has no partition ${m.partition} (it has ${targetPartitions})`);
          continue;
        }
        partition = m.partition;
      } else {
        partition = m.key !== null ? partitionForKey(m.key, targetPartitions) : rr++ % targetPartitions;
      }
      pending.push({
        partition,
        key: m.key,
        value: m.value,
        headers: [
          ...m.headers,
          { key: REPLAY_HEADER.source, value: Buffer.from(m.source) },
          { key: REPLAY_HEADER.run, value: Buffer.from(run.id) },
          { key: REPLAY_HEADER.at, value: Buffer.from(at) },
          ...(m.timestamp !== null ? [{ key: REPLAY_HEADER.timestamp, value: Buffer.from(String(m.timestamp)) }] : []),
          { key: REPLAY_HEADER.by, value: Buffer.from(principal.name) },
        ],
      });
      if (pending.length >= chunkSize) await flush();
    }
    if (!signal.aborted) await flush();
    run.scanned = progress.scanned;
    run.total = progress.total;
    run.state = signal.aborted ? 'cancelled' : 'done';
  } catch (err) {
    run.state = 'failed';
    run.error = describeCause(err);
  }
  run.finishedAt = new Date().toISOString();
  await recordAudit({
    principal,
    action: run.dryRun ? 'replay.dry-run.finished' : 'replay.finished',
    method: 'POST',
    path: `/api/clusters/${run.cluster}/replays/${run.id}`,
    cluster: run.cluster,
    target: run.target,
    status: run.state === 'failed' ? 500 : 200,
    outcome: run.state === 'failed' ? 'failed' : 'ok',
    detail: `run ${run.id} ${run.state}: ${run.selection} → ${run.target}; matched ${run.matched}, sent ${run.sent}, skipped ${run.skipped}, failed ${run.failed}${run.error ? `; ${run.error}` : ''}`,
  });
}
