'use client';
import { Plus, Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useDeferredValue, useMemo, useState } from 'react';
import { toast } from 'sonner';
import { ApiError } from '@/lib/client/api-fetch';
import { createTopicCommand } from '@/lib/client/kafka-cli';
import { useBrokers } from '@/lib/client/use-brokers';
import { useCreateTopic, useTopics } from '@/lib/client/use-topics';
import { useClusters } from '@/lib/client/use-clusters';
import {
  BYTE_UNITS,
  CLEANUP_POLICIES,
  COMPRESSION_TYPES,
  createTopicSchema,
  DURATION_UNITS,
  joinUnits,
  TOPIC_CONFIG,
  topicName,
  type ByteUnit,
  type DurationUnit,
} from '@/lib/contracts/topics';
import { clusterPath } from '@/components/shell/nav-items';
import { Button, CliPreview, Field, inputBase, inputClass, zodFieldErrors, type FieldErrors } from '@/components/ui/form';
import { Dialog } from '@/components/ui/dialog';

interface Form {
  name: string;
  partitions: string;
  replicationFactor: string;
  cleanupPolicy: string;
  retentionMs: string;
  retentionMsUnit: DurationUnit;
  retentionBytes: string;
  retentionBytesUnit: ByteUnit;
  minIsr: string;
  maxMessageBytes: string;
  maxMessageBytesUnit: ByteUnit;
  compression: string;
  extra: { key: string; value: string }[];
}

const initial: Form = {
  name: '',
  partitions: '3',
  replicationFactor: '1',
  cleanupPolicy: '',
  retentionMs: '',
  retentionMsUnit: 'd',
  retentionBytes: '',
  retentionBytesUnit: 'GiB',
  minIsr: '',
  maxMessageBytes: '',
  maxMessageBytesUnit: 'KiB',
  compression: '',
  extra: [],
};

function toConfigs(f: Form): Record<string, string> {
  const c: Record<string, string> = {};
  if (f.cleanupPolicy) c[TOPIC_CONFIG.cleanupPolicy] = f.cleanupPolicy;
  const ms = joinUnits(f.retentionMs, f.retentionMsUnit, DURATION_UNITS);
  if (ms != null) c[TOPIC_CONFIG.retentionMs] = ms;
  const rb = joinUnits(f.retentionBytes, f.retentionBytesUnit, BYTE_UNITS);
  if (rb != null) c[TOPIC_CONFIG.retentionBytes] = rb;
  if (f.minIsr.trim()) c[TOPIC_CONFIG.minInsyncReplicas] = f.minIsr.trim();
  const mb = joinUnits(f.maxMessageBytes, f.maxMessageBytesUnit, BYTE_UNITS);
  if (mb != null) c[TOPIC_CONFIG.maxMessageBytes] = mb;
  if (f.compression) c[TOPIC_CONFIG.compressionType] = f.compression;
  for (const { key, value } of f.extra) if (key.trim()) c[key.trim()] = value;
  return c;
}

const num = (s: string) => (s.trim() === '' ? NaN : Number(s));

export function CreateTopicDialog({ cluster }: { cluster: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        <Plus aria-hidden className="size-4" /> Create topic
      </Button>
      {open && <CreateTopicForm cluster={cluster} open={open} onOpenChange={setOpen} />}
    </>
  );
}

function CreateTopicForm({ cluster, open, onOpenChange }: { cluster: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const [f, setF] = useState<Form>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [tried, setTried] = useState(false);
  const brokers = useBrokers(cluster);
  const clusters = useClusters();
  const create = useCreateTopic(cluster);
  const liveBrokers = brokers.data?.brokers.length;
  const bootstrap = clusters.data?.clusters.find((c) => c.id === cluster)?.brokers.join(',') ?? '<bootstrap>';

  const input = useMemo(() => ({ name: f.name, partitions: num(f.partitions), replicationFactor: num(f.replicationFactor), configs: toConfigs(f) }), [f]);
  const schema = useMemo(() => createTopicSchema({ liveBrokers }), [liveBrokers]);
  const local = tried ? zodFieldErrors(schema.safeParse(input).error?.issues ?? []) : {};
  const shown = { ...local, ...errors };

  // '.' and '_' collide in metric names: ask the server which existing topics would clash.
  const deferredName = useDeferredValue(f.name);
  const nameOk = topicName.safeParse(deferredName).success && /[._]/.test(deferredName);
  const collisions = useTopics(cluster, { search: '', internal: true, sort: 'name', dir: 'asc', cursor: 0, limit: 5, collidesWith: deferredName }, { enabled: open && nameOk });
  const clash = nameOk ? collisions.data?.topics.map((t) => t.name) ?? [] : [];

  const update = (patch: Partial<Form>) => {
    setF((prev) => ({ ...prev, ...patch }));
    setErrors({});
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setTried(true);
    const parsed = schema.safeParse(input);
    if (!parsed.success) return;
    create.mutate(parsed.data, {
      onSuccess: (res) => {
        toast.success(`Created topic ${res.name}`, { description: `${res.partitions} partitions × ${res.replicationFactor} replicas` });
        onOpenChange(false);
        router.push(`${clusterPath(cluster, 'topics')}/${encodeURIComponent(res.name)}?tab=partitions`);
      },
      onError: (err) => {
        const field = err instanceof ApiError && err.field ? err.field : 'form';
        setErrors({ [field]: err.message });
        if (field === 'form' || !(err instanceof ApiError)) toast.error('Could not create the topic', { description: err.message });
      },
    });
  };

  const cfgErr = (key: string) => shown[`configs.${key}`];
  const displayed = new Set(['name', 'partitions', 'replicationFactor', ...[...Object.values(TOPIC_CONFIG), ...f.extra.map((x) => x.key.trim())].map((k) => `configs.${k}`)]);
  const orphan = Object.keys(shown).find((k) => !displayed.has(k));
  const formError = orphan ? shown[orphan] : undefined;

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Create topic" description="Blank settings use the cluster's defaults." size="xl">
      <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="Create topic">
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-[2fr_1fr_1fr]">
          <Field id="ct-name" label="Name" error={shown.name} warning={clash.length ? `"${f.name}" shares metric names with ${clash.map((c) => `"${c}"`).join(', ')} ('.' and '_' are the same in metrics); Kafka may refuse it.` : undefined} hint="Letters, digits, '.', '_', '-'; at most 249 characters">
            <input id="ct-name" className={inputClass} value={f.name} autoFocus autoComplete="off" spellCheck={false} aria-invalid={!!shown.name} onChange={(e) => update({ name: e.target.value })} />
          </Field>
          <Field id="ct-partitions" label="Partitions" error={shown.partitions} hint="More than 0">
            <input id="ct-partitions" type="number" min={1} className={inputClass} value={f.partitions} aria-invalid={!!shown.partitions} onChange={(e) => update({ partitions: e.target.value })} />
          </Field>
          <Field id="ct-rf" label="Replication factor" error={shown.replicationFactor} hint={liveBrokers !== undefined ? `At most ${liveBrokers} (live brokers)` : 'Checking live brokers…'}>
            <input id="ct-rf" type="number" min={1} max={liveBrokers} className={inputClass} value={f.replicationFactor} aria-invalid={!!shown.replicationFactor} onChange={(e) => update({ replicationFactor: e.target.value })} />
          </Field>
        </div>

        <fieldset className="grid grid-cols-1 gap-3 rounded-md border border-border p-3 sm:grid-cols-3">
          <legend className="px-1 text-xs font-medium text-muted">Common settings</legend>
          <Field id="ct-cleanup" label="cleanup.policy" error={cfgErr(TOPIC_CONFIG.cleanupPolicy)}>
            <select id="ct-cleanup" className={inputClass} value={f.cleanupPolicy} onChange={(e) => update({ cleanupPolicy: e.target.value })}>
              <option value="">cluster default</option>
              {CLEANUP_POLICIES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </Field>
          <UnitField id="ct-retention-ms" label="retention.ms" error={cfgErr(TOPIC_CONFIG.retentionMs)} amount={f.retentionMs} unit={f.retentionMsUnit} units={DURATION_UNITS} onChange={(a, u) => update({ retentionMs: a, retentionMsUnit: u })} hint="-1 keeps forever" />
          <UnitField id="ct-retention-bytes" label="retention.bytes (per partition)" error={cfgErr(TOPIC_CONFIG.retentionBytes)} amount={f.retentionBytes} unit={f.retentionBytesUnit} units={BYTE_UNITS} onChange={(a, u) => update({ retentionBytes: a, retentionBytesUnit: u })} hint="-1 means no size limit" />
          <Field id="ct-minisr" label="min.insync.replicas" error={cfgErr(TOPIC_CONFIG.minInsyncReplicas)} hint="≤ replication factor">
            <input id="ct-minisr" type="number" min={1} className={inputClass} value={f.minIsr} placeholder="default" aria-invalid={!!cfgErr(TOPIC_CONFIG.minInsyncReplicas)} onChange={(e) => update({ minIsr: e.target.value })} />
          </Field>
          <UnitField id="ct-max-message" label="max.message.bytes" error={cfgErr(TOPIC_CONFIG.maxMessageBytes)} amount={f.maxMessageBytes} unit={f.maxMessageBytesUnit} units={BYTE_UNITS} onChange={(a, u) => update({ maxMessageBytes: a, maxMessageBytesUnit: u })} />
          <Field id="ct-compression" label="compression.type" error={cfgErr(TOPIC_CONFIG.compressionType)}>
            <select id="ct-compression" className={inputClass} value={f.compression} onChange={(e) => update({ compression: e.target.value })}>
              <option value="">cluster default</option>
              {COMPRESSION_TYPES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </Field>
        </fieldset>

        <fieldset className="flex flex-col gap-2 rounded-md border border-border p-3">
          <legend className="px-1 text-xs font-medium text-muted">Other configs (key = value)</legend>
          {f.extra.map((row, i) => {
            const err = row.key.trim() ? cfgErr(row.key.trim()) : undefined;
            return (
              <div key={i} className="flex flex-col gap-1">
                <div className="flex gap-2">
                  <input aria-label={`Config key ${i + 1}`} className={inputClass} placeholder="segment.ms" value={row.key} aria-invalid={!!err} onChange={(e) => update({ extra: f.extra.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)) })} />
                  <input aria-label={`Config value ${i + 1}`} className={inputClass} placeholder="value" value={row.value} onChange={(e) => update({ extra: f.extra.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)) })} />
                  <Button variant="ghost" aria-label={`Remove config ${i + 1}`} onClick={() => update({ extra: f.extra.filter((_, j) => j !== i) })}>
                    <Trash2 aria-hidden className="size-4" />
                  </Button>
                </div>
                {err && (
                  <p role="alert" className="text-xs text-bad">
                    {err}
                  </p>
                )}
              </div>
            );
          })}
          <div>
            <Button onClick={() => update({ extra: [...f.extra, { key: '', value: '' }] })}>
              <Plus aria-hidden className="size-4" /> Add config
            </Button>
          </div>
        </fieldset>

        <CliPreview command={createTopicCommand({ bootstrap, name: f.name, partitions: f.partitions || '<n>', replicationFactor: f.replicationFactor || '<n>', configs: input.configs })} />

        {formError && (
          <p role="alert" className="rounded-md border border-bad/40 bg-bad/5 px-3 py-2 text-xs text-bad">
            {formError}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create topic'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function UnitField<U extends string>({
  id,
  label,
  error,
  hint,
  amount,
  unit,
  units,
  onChange,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  amount: string;
  unit: U;
  units: Record<U, number>;
  onChange: (amount: string, unit: U) => void;
}) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <div className="flex gap-1">
        <input id={id} type="number" className={inputClass} value={amount} placeholder="default" aria-invalid={!!error} onChange={(e) => onChange(e.target.value, unit)} />
        <select aria-label={`${label} unit`} className={`${inputBase} w-20`} value={unit} onChange={(e) => onChange(amount, e.target.value as U)}>
          {(Object.keys(units) as U[]).map((u) => (
            <option key={u}>{u}</option>
          ))}
        </select>
      </div>
    </Field>
  );
}
