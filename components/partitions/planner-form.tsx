'use client';
import { useState } from 'react';
import { toast } from 'sonner';
import { ApiError } from '@/lib/client/api-fetch';
import { reassignCommand } from '@/lib/client/kafka-cli';
import { useBrokers } from '@/lib/client/use-brokers';
import { useExecuteReassignment, usePlanReassignment } from '@/lib/client/use-partitions';
import { MIN_THROTTLE_BYTES_PER_SECOND, type PlanInput, type PlanMode, type ReassignmentPlan } from '@/lib/contracts/partitions';
import { Card, CardHeader } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { formatBytes } from '@/components/ui/format';
import { ErrorState } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { Button, CliPreview, Field, inputBase } from '@/components/ui/form';
import { Dialog } from '@/components/ui/dialog';
import { useUrlState } from '@/lib/client/use-url-state';
import { PlanBrokers, PlanPartitions } from './plan-view';

const MODES: { id: PlanMode; label: string; hint: string }[] = [
  { id: 'decommission', label: 'Drain brokers', hint: 'Move every replica off the chosen brokers (all topics, Kafka’s own included), onto the least-loaded others.' },
  { id: 'balance', label: 'Balance', hint: 'Spread replicas and preferred leaders evenly over the chosen brokers, e.g. after adding one. Moves as little as it can.' },
  { id: 'replication-factor', label: 'Replication factor', hint: 'Add or remove replicas of one topic, on the least-loaded brokers, one rack each where possible.' },
];

const RATE_UNITS = { 'KiB/s': 1024, 'MiB/s': 1024 * 1024 } as const;
type RateUnit = keyof typeof RATE_UNITS;

const list = (s: string | null) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);

export function PlannerForm({ cluster, bootstrap }: { cluster: string; bootstrap: string }) {
  const { params, set } = useUrlState();
  const mode = (MODES.find((m) => m.id === params.get('mode'))?.id ?? 'decommission') as PlanMode;
  const chosen = list(params.get('brokers')).map(Number).filter(Number.isInteger);
  const topics = params.get('topics') ?? '';
  const topic = params.get('topic') ?? '';
  const rf = params.get('rf') ?? '';
  const brokers = useBrokers(cluster);
  const planner = usePlanReassignment(cluster);
  const execute = useExecuteReassignment(cluster);
  const [plan, setPlan] = useState<ReassignmentPlan | null>(null);
  const [throttle, setThrottle] = useState({ on: true, amount: '10', unit: 'MiB/s' as RateUnit });
  const [confirm, setConfirm] = useState(false);

  const fieldError = (field: string) => (planner.error instanceof ApiError && planner.error.field?.split('.')[0] === field ? planner.error.message : null);
  const input = (): PlanInput => {
    const topicList = list(topics);
    if (mode === 'decommission') return { mode, brokers: chosen, ...(topicList.length ? { topics: topicList } : {}) };
    if (mode === 'balance') return { mode, ...(chosen.length ? { brokers: chosen } : {}), ...(topicList.length ? { topics: topicList } : {}) };
    return { mode, topic, replicationFactor: Number(rf), ...(chosen.length ? { brokers: chosen } : {}) };
  };
  const moves = plan ? plan.partitions.filter((p) => p.before.join() !== p.after.join()).map((p) => ({ topic: p.topic, partition: p.partition, replicas: p.after })) : [];
  const rate = throttle.on ? Math.round(Number(throttle.amount) * RATE_UNITS[throttle.unit]) : null;
  const rateInvalid = throttle.on && (!Number.isFinite(rate) || rate! < MIN_THROTTLE_BYTES_PER_SECOND);

  const run = () =>
    planner.mutate(input(), {
      onSuccess: (p) => setPlan(p),
      onError: () => setPlan(null),
    });

  const go = () =>
    execute.mutate(
      { partitions: moves, throttleBytesPerSecond: rate },
      {
        onSuccess: (r) => {
          setConfirm(false);
          setPlan(null);
          const refused = r.partitions.filter((p) => p.error);
          toast.success(`Started ${r.partitions.length - refused.length} move(s)`, {
            description: `${r.throttle ? `Throttled at ${formatBytes(r.throttle.bytesPerSecond)}/s on brokers ${r.throttle.brokers.join(', ')}; removed when done.` : 'No throttle.'}${refused.length ? ` ${refused.length} refused: ${refused[0]!.error}` : ''}`,
          });
        },
        onError: (err) => toast.error('The reassignment was refused', { description: err.message }),
      },
    );

  return (
    <div className="flex flex-col gap-5">
      <Card>
        <CardHeader title="Plan a reassignment" description="Nothing changes until you execute the plan. The plan keeps every replica that may stay, and never puts two replicas of a partition on one rack when there are racks enough." />
        <div className="flex flex-col gap-4 px-4 py-4">
          <div role="radiogroup" aria-label="What to plan" className="flex flex-wrap gap-2">
            {MODES.map((m) => (
              <button
                key={m.id}
                type="button"
                role="radio"
                aria-checked={mode === m.id}
                onClick={() => {
                  setPlan(null);
                  set({ mode: m.id });
                }}
                className={cn('rounded-md border px-3 py-1.5 text-[13px]', mode === m.id ? 'border-accent bg-accent/10 text-fg' : 'border-border text-muted hover:bg-surface-2')}
              >
                {m.label}
              </button>
            ))}
          </div>
          <p className="text-xs text-muted">{MODES.find((m) => m.id === mode)!.hint}</p>
          <div className="grid gap-4 md:grid-cols-2">
            <Field
              id="plan-brokers"
              label={mode === 'decommission' ? 'Brokers to drain' : 'Brokers that may hold replicas (none ticked: every broker)'}
              error={fieldError('brokers')}
            >
              <div id="plan-brokers" className="flex flex-wrap gap-3 py-1" data-testid="plan-brokers-choice">
                {brokers.isPending && <span className="text-xs text-muted">Loading brokers…</span>}
                {brokers.error && <span className="text-xs text-bad">Could not load brokers: {brokers.error.message}</span>}
                {brokers.data?.brokers.map((b) => (
                  <label key={b.nodeId} className="flex items-center gap-1.5 text-[13px]">
                    <input
                      type="checkbox"
                      checked={chosen.includes(b.nodeId)}
                      onChange={(e) => {
                        setPlan(null);
                        const next = e.target.checked ? [...chosen, b.nodeId] : chosen.filter((x) => x !== b.nodeId);
                        set({ brokers: next.sort((x, y) => x - y).join(',') || null });
                      }}
                    />
                    Broker {b.nodeId}
                    <span className="text-xs text-muted">
                      ({b.rack ?? 'no rack'}, {b.replicas} replicas)
                    </span>
                  </label>
                ))}
              </div>
            </Field>
            {mode === 'replication-factor' ? (
              <div className="grid grid-cols-[1fr_8rem] gap-3">
                <Field id="plan-topic" label="Topic" error={fieldError('topic')}>
                  <input id="plan-topic" className={cn(inputBase, 'w-full')} value={topic} onChange={(e) => set({ topic: e.target.value || null })} placeholder="orders" />
                </Field>
                <Field id="plan-rf" label="New replication factor" error={fieldError('replicationFactor')}>
                  <input id="plan-rf" type="number" min={1} className={cn(inputBase, 'w-full')} value={rf} onChange={(e) => set({ rf: e.target.value || null })} />
                </Field>
              </div>
            ) : (
              <Field id="plan-topics" label="Topics (comma-separated; empty: every topic)" error={fieldError('topics')}>
                <input id="plan-topics" className={cn(inputBase, 'w-full')} value={topics} onChange={(e) => set({ topics: e.target.value || null })} placeholder={mode === 'decommission' ? 'every topic, internal ones too' : 'every non-internal topic'} />
              </Field>
            )}
          </div>
          {planner.error && !(planner.error instanceof ApiError && planner.error.field) && <ErrorState title="Could not plan" reason={planner.error.message} />}
          <div>
            <Button variant="primary" onClick={run} disabled={planner.isPending} data-testid="make-plan">
              {planner.isPending ? 'Planning…' : 'Show the plan'}
            </Button>
          </div>
        </div>
      </Card>

      {plan && (
        <>
          <div className="flex flex-wrap items-center gap-2 text-[13px]" data-testid="plan-summary">
            <StatusBadge tone={plan.moves ? 'info' : 'ok'}>{plan.moves} partition(s) to change</StatusBadge>
            <span>
              {formatBytes(plan.bytesToMove)} to copy in all{plan.unknownSizes ? ` (+ ${plan.unknownSizes} partition(s) of unknown size)` : ''}
            </span>
            {plan.warnings.map((w) => (
              <StatusBadge key={w} tone="warn">
                {w}
              </StatusBadge>
            ))}
          </div>
          <PlanBrokers plan={plan} />
          <PlanPartitions plan={plan} />
          {moves.length > 0 && (
            <Card>
              <CardHeader title="Execute" description="A throttle caps the replication rate of the brokers taking part, so moving data does not starve producers and consumers. It is removed when every move has finished." />
              <div className="flex flex-col gap-3 px-4 py-4">
                <div className="flex flex-wrap items-end gap-3">
                  <label className="flex items-center gap-1.5 text-[13px]">
                    <input type="checkbox" checked={throttle.on} onChange={(e) => setThrottle({ ...throttle, on: e.target.checked })} data-testid="throttle-on" />
                    Throttle replication at
                  </label>
                  <input
                    aria-label="Throttle rate"
                    type="number"
                    min={1}
                    className={cn(inputBase, 'w-24')}
                    disabled={!throttle.on}
                    value={throttle.amount}
                    aria-invalid={rateInvalid}
                    onChange={(e) => setThrottle({ ...throttle, amount: e.target.value })}
                  />
                  <select aria-label="Throttle unit" className={cn(inputBase, 'w-24')} disabled={!throttle.on} value={throttle.unit} onChange={(e) => setThrottle({ ...throttle, unit: e.target.value as RateUnit })}>
                    {Object.keys(RATE_UNITS).map((u) => (
                      <option key={u}>{u}</option>
                    ))}
                  </select>
                  {rateInvalid && <span className="text-xs text-bad">at least {MIN_THROTTLE_BYTES_PER_SECOND} B/s</span>}
                  {throttle.on && !rateInvalid && plan.bytesToMove > 0 && <span className="text-xs text-muted">≈ {Math.ceil(plan.bytesToMove / rate! / Math.max(1, plan.brokers.filter((b) => b.bytesIn > 0).length))} s at best</span>}
                </div>
                <CliPreview command={reassignCommand({ bootstrap, partitions: moves, throttle: rate })} />
                <div>
                  <Button variant="primary" disabled={rateInvalid || execute.isPending} onClick={() => setConfirm(true)} data-testid="execute-plan">
                    Execute {moves.length} move(s)
                  </Button>
                </div>
              </div>
            </Card>
          )}
          <Dialog open={confirm} onOpenChange={setConfirm} title={`Move ${moves.length} partition(s)?`} description="The brokers copy the data in the background; producers and consumers keep working.">
            <p className="text-[13px]">
              {formatBytes(plan.bytesToMove)} will be copied{rate ? `, at most ${formatBytes(rate)}/s per broker` : ', unthrottled'}. You can cancel while it runs: each partition then goes back to its replicas before the move.
            </p>
            <div className="mt-4 flex justify-end gap-2">
              <Button onClick={() => setConfirm(false)}>Back</Button>
              <Button variant="primary" onClick={go} disabled={execute.isPending} data-testid="confirm-execute">
                {execute.isPending ? 'Starting…' : 'Start moving'}
              </Button>
            </div>
          </Dialog>
        </>
      )}
    </div>
  );
}
