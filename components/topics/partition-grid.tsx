'use client';
import { notPreferredLeader } from '@/lib/contracts/partitions';
import type { TopicDetail } from '@/lib/contracts/topics';
import { Card, CardHeader } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { formatCount } from '@/components/ui/format';
import { StatusBadge, type Tone } from '@/components/ui/status-badge';
import { replicaState, type ReplicaState } from './replica-state';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';

const cell: Record<Exclude<ReplicaState, 'none'>, { tone: Tone; label: string }> = {
  leader: { tone: 'ok', label: 'leader' },
  'in-sync': { tone: 'info', label: 'in sync' },
  'out-of-sync': { tone: 'warn', label: 'out of sync' },
  offline: { tone: 'bad', label: 'offline' },
};

function diff(a: string | null, b: string | null): number | null {
  if (a == null || b == null) return null;
  return Number(BigInt(b) - BigInt(a));
}

/** Partitions × brokers: who leads, who follows in sync, who lags or is gone. */
export function PartitionGrid({ data }: { data: TopicDetail }) {
  // Brokers in the metadata, plus any replica id the metadata no longer lists (a stopped broker).
  const known = new Map(data.brokers.map((b) => [b.nodeId, `${b.host}:${b.port}`]));
  const ids = [...new Set([...known.keys(), ...data.partitions.flatMap((p) => p.replicas)])].sort((a, b) => a - b);
  return (
    <Card>
      <CardHeader
        title="Partitions and replicas"
        description={`${data.partitions.length} partitions × ${ids.length} brokers. Under-replicated and leaderless partitions are highlighted.`}
        actions={
          <span className="flex flex-wrap gap-1">
            {Object.values(cell).map((c) => (
              <StatusBadge key={c.label} tone={c.tone}>
                {c.label}
              </StatusBadge>
            ))}
          </span>
        }
      />
      <div className="overflow-x-auto">
        <Table className="w-full text-left text-[13px]" data-testid="partition-grid">
          <THead>
            <TR>
              <TH>Partition</TH>
              <TH>State</TH>
              <TH>Preferred leader</TH>
              {ids.map((id) => (
                <TH key={id} className="px-3 py-2 font-medium" title={known.get(id) ?? 'not in the cluster metadata: stopped or unreachable'}>
                  Broker {id}
                  {!known.has(id) && <span className="ml-1 text-bad">(down)</span>}
                </TH>
              ))}
              <TH className="px-4 py-2 text-right font-medium">Earliest offset</TH>
              <TH className="px-4 py-2 text-right font-medium">Latest offset</TH>
              <TH className="px-4 py-2 text-right font-medium">Messages</TH>
            </TR>
          </THead>
          <TBody className="tabular">
            {data.partitions.map((p) => {
              const offline = p.leader < 0;
              const under = p.isr.length < p.replicas.length;
              const n = diff(p.earliest, p.latest);
              return (
                <TR key={p.partition} data-testid="partition-row" className={cn('border-b border-border last:border-0', offline ? 'bg-bad/10' : under && 'bg-warn/10')}>
                  <TD className="px-4 py-2 font-medium">{p.partition}</TD>
                  <TD>
                    {offline ? <StatusBadge tone="bad">no leader</StatusBadge> : under ? <StatusBadge tone="warn">under-replicated</StatusBadge> : <StatusBadge tone="ok">in sync</StatusBadge>}
                  </TD>
                  <TD data-testid="preferred-leader">
                    {p.replicas[0] ?? '—'}
                    {notPreferredLeader(p) && (
                      <StatusBadge tone="warn" className="ml-1.5">
                        led by {p.leader}
                      </StatusBadge>
                    )}
                  </TD>
                  {ids.map((id) => {
                    const s = replicaState(p, id);
                    return (
                      <TD key={id} className="px-3 py-2" data-broker={id} data-state={s}>
                        {s === 'none' ? <span className="text-muted">·</span> : <StatusBadge tone={cell[s].tone}>{cell[s].label}</StatusBadge>}
                      </TD>
                    );
                  })}
                  <TD className="px-4 py-2 text-right">{p.earliest ?? <span className="text-muted">unknown</span>}</TD>
                  <TD className="px-4 py-2 text-right">{p.latest ?? <span className="text-muted">unknown</span>}</TD>
                  <TD className="px-4 py-2 text-right">
                    {n == null ? '—' : formatCount(n)}
                    <span className="ml-1 text-xs text-muted">msgs</span>
                  </TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      </div>
    </Card>
  );
}
