'use client';
import Link from 'next/link';
import { toast } from 'sonner';
import { useCancelReassignments, useReassignments, useRemoveThrottle } from '@/lib/client/use-partitions';
import type { ReassignmentProgress } from '@/lib/contracts/partitions';
import { Card, CardHeader } from '@/components/ui/card';
import { formatBytes, formatCount, formatTime } from '@/components/ui/format';
import { EmptyState, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { clusterPath } from '@/components/shell/nav-items';
import { Button } from '@/components/ui/form';
import { ReplicaList } from './replica-list';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';

/** Share copied so far: 1 − bytes to go / bytes the adding replicas need in all. */
export function progressOf(r: ReassignmentProgress): number | null {
  if (r.bytes === null || r.bytesToGo === null) return null;
  const total = r.bytes * r.adding.length;
  if (total === 0) return r.adding.every((b) => r.isr.includes(b)) ? 1 : 0;
  return Math.max(0, Math.min(1, 1 - r.bytesToGo / total));
}

export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  const pct = value === null ? null : Math.round(value * 100);
  return (
    <div className="flex items-center gap-2">
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined} className="h-1.5 w-28 overflow-hidden rounded-full bg-surface-2">
        <div className="h-full rounded-full bg-accent transition-[width]" style={{ width: `${pct ?? 0}%` }} />
      </div>
      <span className="w-10 text-right text-xs text-muted tabular">{pct === null ? '?' : `${pct}%`}</span>
    </div>
  );
}

/** Reassignments in progress (started by anyone), per partition, with cancel, and the throttles set. */
export function ReassignmentsProgress({ cluster, canChange }: { cluster: string; canChange: boolean }) {
  const { data, error, isPending } = useReassignments(cluster);
  const cancel = useCancelReassignments(cluster);
  const removeThrottle = useRemoveThrottle(cluster);
  const doCancel = (partitions?: { topic: string; partition: number }[]) =>
    cancel.mutate(
      { partitions },
      {
        onSuccess: (r) => toast.success(`Cancelled ${r.partitions.filter((p) => !p.error).length} move(s)`, { description: 'Each partition goes back to its replicas before the move.' }),
        onError: (err) => toast.error('Cancel refused', { description: err.message }),
      },
    );
  const moving = data?.reassignments ?? [];
  const throttled = data && (data.throttle.brokers.length > 0 || data.throttle.topics.length > 0);
  return (
    <Card data-testid="reassignments-progress">
      <CardHeader
        title="Reassignments in progress"
        description={
          data ? `Started from here or anywhere else (ListPartitionReassignments) · checked ${formatTime(data.fetchedAt)}` : 'Started from here or anywhere else (ListPartitionReassignments)'
        }
        actions={
          canChange && moving.length > 0 ? (
            <Button variant="danger" disabled={cancel.isPending} onClick={() => doCancel()} data-testid="cancel-all">
              Cancel all {moving.length}
            </Button>
          ) : undefined
        }
      />
      {isPending ? (
        <Loading label="Asking the controller…" />
      ) : error && !data ? (
        <div className="p-4">
          <ErrorState title="Could not list reassignments" reason={error.message} />
        </div>
      ) : moving.length === 0 ? (
        <EmptyState title="Nothing is moving">No partition reassignment is in progress on this cluster.</EmptyState>
      ) : (
        <div className="max-h-[24rem] overflow-auto">
          <Table className="w-full text-left text-[13px]" data-testid="moving-partitions">
            <THead className="sticky top-0 bg-surface text-xs text-muted">
              <TR>
                <TH>Topic</TH>
                <TH className="px-4 py-2 text-right font-medium">Partition</TH>
                <TH>Replicas now</TH>
                <TH>Target</TH>
                <TH>Copied</TH>
                <TH className="px-4 py-2 text-right font-medium">To go</TH>
                {canChange && <TH />}
              </TR>
            </THead>
            <TBody className="tabular">
              {moving.map((r) => (
                <TR key={`${r.topic}/${r.partition}`} className="border-b border-border last:border-0" data-testid="moving-partition" data-topic={r.topic} data-partition={r.partition}>
                  <TD className="break-all px-4 py-1.5">
                    <Link className="text-accent hover:underline" href={`${clusterPath(cluster, `topics/${encodeURIComponent(r.topic)}`)}?tab=partitions`}>
                      {r.topic}
                    </Link>
                  </TD>
                  <TD className="px-4 py-1.5 text-right">{r.partition}</TD>
                  <TD className="px-4 py-1.5">
                    <ReplicaList replicas={r.replicas} highlight={r.adding} strike={r.removing} />
                  </TD>
                  <TD className="px-4 py-1.5">
                    <ReplicaList replicas={r.target} />
                  </TD>
                  <TD className="px-4 py-1.5">
                    <ProgressBar value={progressOf(r)} label={`${r.topic} partition ${r.partition} copied`} />
                  </TD>
                  <TD className="px-4 py-1.5 text-right">{r.bytesToGo === null ? <span className="text-muted">unknown</span> : formatBytes(r.bytesToGo)}</TD>
                  {canChange && (
                    <TD className="px-4 py-1.5 text-right">
                      <Button variant="ghost" disabled={cancel.isPending} onClick={() => doCancel([{ topic: r.topic, partition: r.partition }])}>
                        Cancel
                      </Button>
                    </TD>
                  )}
                </TR>
              ))}
            </TBody>
          </Table>
        </div>
      )}
      {throttled && (
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-border px-4 py-3 text-xs" data-testid="throttle-state">
          <div>
            <StatusBadge tone="warn">replication throttled</StatusBadge>{' '}
            {data!.throttle.brokers.map((b) => `broker ${b.broker}: ${b.leaderRate === null ? '—' : `${formatBytes(b.leaderRate)}/s`}`).join(' · ')}
            {data!.throttle.topics.length > 0 && <span className="text-muted"> · topics {data!.throttle.topics.map((t) => t.topic).join(', ')}</span>}
            <p className="mt-1 text-muted">
              {data!.throttleAutoRemove
                ? 'The console removes the throttle as soon as every move has finished.'
                : moving.length === 0
                  ? 'Nothing is moving, yet a throttle is set: it slows every follower catching up on these brokers until removed.'
                  : 'Set by someone else (or before a console restart): remove it once the moves finish.'}
            </p>
          </div>
          {canChange && !data!.throttleAutoRemove && (
            <Button
              disabled={removeThrottle.isPending}
              onClick={() =>
                removeThrottle.mutate(undefined, {
                  onSuccess: () => toast.success('Throttle removed'),
                  onError: (err) => toast.error('Could not remove the throttle', { description: err.message }),
                })
              }
            >
              Remove throttle
            </Button>
          )}
        </div>
      )}
      {moving.length > 0 && <p className="border-t border-border px-4 py-2 text-xs text-muted">{formatCount(moving.length)} partition(s) moving. This list refreshes every 2 s.</p>}
    </Card>
  );
}
