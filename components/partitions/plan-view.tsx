'use client';
import { useMemo, useState } from 'react';
import type { ReassignmentPlan } from '@/lib/contracts/partitions';
import { Card, CardHeader } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { formatBytes, formatCount } from '@/components/ui/format';
import { StatusBadge } from '@/components/ui/status-badge';
import { ReplicaList } from './replica-list';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';

const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** What a plan does to each broker: replicas, preferred leaders and bytes, before and after. */
export function PlanBrokers({ plan }: { plan: ReassignmentPlan }) {
  return (
    <Card>
      <CardHeader title="Brokers before → after" description="Replicas and preferred leaders of the partitions in the plan, and the data each broker would copy in (from the leaders' log sizes, DescribeLogDirs) or delete." />
      <div className="overflow-x-auto">
        <Table className="w-full text-left text-[13px]" data-testid="plan-brokers">
          <THead>
            <TR>
              <TH>Broker</TH>
              <TH>Rack</TH>
              <TH className="px-4 py-2 text-right font-medium">Replicas</TH>
              <TH className="px-4 py-2 text-right font-medium">Preferred leader of</TH>
              <TH className="px-4 py-2 text-right font-medium">Data held</TH>
              <TH className="px-4 py-2 text-right font-medium">Receives</TH>
              <TH className="px-4 py-2 text-right font-medium">Deletes</TH>
            </TR>
          </THead>
          <TBody className="tabular">
            {plan.brokers.map((b) => (
              <TR key={b.broker} className="border-b border-border last:border-0" data-testid="plan-broker" data-broker={b.broker} data-replicas-after={b.replicasAfter}>
                <TD className="px-4 py-2 font-medium">Broker {b.broker}</TD>
                <TD className="px-4 py-2 text-muted">{b.rack ?? 'none'}</TD>
                <TD className="px-4 py-2 text-right">
                  {formatCount(b.replicasBefore)} → <strong>{formatCount(b.replicasAfter)}</strong>
                </TD>
                <TD className="px-4 py-2 text-right">
                  {formatCount(b.leadersBefore)} → <strong>{formatCount(b.leadersAfter)}</strong>
                </TD>
                <TD className="px-4 py-2 text-right">
                  {formatBytes(b.bytesBefore)} → <strong>{formatBytes(b.bytesAfter)}</strong>
                </TD>
                <TD className={cn('px-4 py-2 text-right', b.bytesIn > 0 && 'text-ok')} title={`${formatCount(b.bytesIn)} bytes`}>
                  {b.bytesIn > 0 ? `+${formatBytes(b.bytesIn)}` : '—'}
                </TD>
                <TD className={cn('px-4 py-2 text-right', b.bytesOut > 0 && 'text-bad')} title={`${formatCount(b.bytesOut)} bytes`}>
                  {b.bytesOut > 0 ? `−${formatBytes(b.bytesOut)}` : '—'}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </div>
    </Card>
  );
}

/** Every partition of the plan: replicas before and after (gained in green, lost struck through). */
export function PlanPartitions({ plan }: { plan: ReassignmentPlan }) {
  const [all, setAll] = useState(false);
  const rows = useMemo(() => plan.partitions.filter((p) => all || !same(p.before, p.after)), [plan, all]);
  return (
    <Card>
      <CardHeader
        title={`Partitions: ${formatCount(plan.moves)} to change of ${formatCount(plan.partitions.length)}`}
        description="The first replica is the preferred leader (underlined). A reorder moves no data; it changes who leads after a preferred election."
        actions={
          <label className="flex items-center gap-1.5 text-xs text-muted">
            <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> show unchanged
          </label>
        }
      />
      {rows.length === 0 ? (
        <p className="px-4 py-4 text-xs text-muted">Nothing to change: every partition already sits where the plan would put it.</p>
      ) : (
        <div className="max-h-[28rem] overflow-auto">
          <Table className="w-full text-left text-[13px]" data-testid="plan-partitions">
            <THead className="sticky top-0 bg-surface text-xs text-muted">
              <TR>
                <TH>Topic</TH>
                <TH className="px-4 py-2 text-right font-medium">Partition</TH>
                <TH>Before</TH>
                <TH>After</TH>
                <TH className="px-4 py-2 text-right font-medium">Size</TH>
                <TH>Note</TH>
              </TR>
            </THead>
            <TBody className="tabular">
              {rows.map((p) => {
                const gained = p.after.filter((b) => !p.before.includes(b));
                const lost = p.before.filter((b) => !p.after.includes(b));
                return (
                  <TR key={`${p.topic}/${p.partition}`} className="border-b border-border last:border-0" data-testid="plan-partition" data-topic={p.topic} data-partition={p.partition} data-after={p.after.join(',')}>
                    <TD className="break-all px-4 py-1.5">{p.topic}</TD>
                    <TD className="px-4 py-1.5 text-right">{p.partition}</TD>
                    <TD className="px-4 py-1.5">
                      <ReplicaList replicas={p.before} strike={lost} label={`before: ${p.before.join(', ')}`} />
                    </TD>
                    <TD className="px-4 py-1.5">
                      <ReplicaList replicas={p.after} highlight={gained} label={`after: ${p.after.join(', ')}`} />
                    </TD>
                    <TD className="px-4 py-1.5 text-right">{p.bytes == null ? <span className="text-muted">unknown</span> : formatBytes(p.bytes)}</TD>
                    <TD className="px-4 py-1.5">
                      {same(p.before, p.after) ? (
                        <span className="text-xs text-muted">unchanged</span>
                      ) : gained.length === 0 && lost.length === 0 ? (
                        <StatusBadge tone="neutral">reorder only</StatusBadge>
                      ) : (
                        <StatusBadge tone="info">moves {formatBytes((p.bytes ?? 0) * gained.length)}</StatusBadge>
                      )}
                      {p.sharesRack && (
                        <StatusBadge tone="warn" className="ml-1">
                          shares a rack
                        </StatusBadge>
                      )}
                    </TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
        </div>
      )}
    </Card>
  );
}
