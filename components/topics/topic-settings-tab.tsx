'use client';
import { AlertTriangle, Pencil, RotateCcw } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { ApiError } from '@/lib/client/api-fetch';
import { addPartitionsCommand, alterConfigsCommand, deleteTopicCommand, purgeCommand } from '@/lib/client/kafka-cli';
import { useClusters } from '@/lib/client/use-clusters';
import { useAddPartitions, useAlterTopicConfigs, useDeleteTopic, usePurgeTopic } from '@/lib/client/use-topics';
import { addPartitionsSchema, purgeInput, type ConfigEntry, type TopicDetail } from '@/lib/contracts/topics';
import { Card, CardHeader } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { formatCount } from '@/components/ui/format';
import { StatusBadge } from '@/components/ui/status-badge';
import { clusterPath } from '@/components/shell/nav-items';
import { CONFIG_SOURCE_LABEL, humanConfig } from '@/lib/client/config-value';
import { Button, CliPreview, Field, inputBase, inputClass } from '@/components/ui/form';
import { useReadOnly } from '@/lib/client/use-read-only';
import { useCan } from '@/lib/client/use-session';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';

function useBootstrap(cluster: string) {
  return useClusters().data?.clusters.find((c) => c.id === cluster)?.brokers.join(',') ?? '<bootstrap>';
}

export function TopicSettingsTab({ cluster, data }: { cluster: string; data: TopicDetail }) {
  const readOnly = useReadOnly(cluster);
  const isAdmin = useCan('admin');
  if (readOnly || !isAdmin) {
    return (
      <div className="flex flex-col gap-5">
        <p className="rounded-md border border-border bg-surface-2 px-4 py-2 text-xs text-muted" data-testid="read-only-note">
          {readOnly
            ? 'This cluster is configured read-only: its configs are shown, and nothing can be changed from the console.'
            : 'Changing a topic (configs, partitions, purge, delete) needs the admin role: its configs are shown read-only.'}
        </p>
        <ConfigEditor cluster={cluster} data={data} readOnly />
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-5">
      <ConfigEditor cluster={cluster} data={data} />
      <div className="grid gap-5 xl:grid-cols-2">
        <AddPartitions cluster={cluster} data={data} />
        <Purge cluster={cluster} data={data} />
      </div>
      <DeleteTopic cluster={cluster} data={data} />
    </div>
  );
}

// ── configs ─────────────────────────────────────────────────────────────────────────────────

function ConfigEditor({ cluster, data, readOnly = false }: { cluster: string; data: TopicDetail; readOnly?: boolean }) {
  const bootstrap = useBootstrap(cluster);
  const alter = useAlterTopicConfigs(cluster, data.name);
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<{ key: string; value: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rows = data.configs.filter((c) => c.name.includes(filter.trim().toLowerCase()));

  const apply = (change: { set?: Record<string, string>; delete?: string[] }, what: string) => {
    setError(null);
    alter.mutate(change, {
      onSuccess: () => {
        toast.success(what, { description: data.name });
        setEditing(null);
      },
      onError: (err) => {
        setError(err.message);
        if (!(err instanceof ApiError) || !err.field) toast.error('The change was refused', { description: err.message });
      },
    });
  };

  return (
    <Card>
      <CardHeader
        title="Configs"
        description="Only the key you change is changed (Kafka's IncrementalAlterConfigs): other overrides, and someone else's edit of another key at the same moment, stay as they are."
        actions={
          <div className="w-56 shrink-0">
            <input type="search" aria-label="Filter configs" placeholder="Filter configs" className={inputClass} value={filter} onChange={(e) => setFilter(e.target.value)} />
          </div>
        }
      />
      {editing && (
        <div className="border-b border-border px-4 py-3">
          <CliPreview command={alterConfigsCommand({ bootstrap, name: data.name, set: { [editing.key]: editing.value }, delete: [] })} />
        </div>
      )}
      <div className="max-h-[28rem] overflow-y-auto">
        <Table className="w-full text-left text-[13px]" data-testid="config-table">
          <THead className="sticky top-0 bg-surface text-xs text-muted">
            <TR>
              <TH>Key</TH>
              <TH>Value</TH>
              <TH>Source</TH>
              <TH className="px-4 py-2 text-right font-medium">Actions</TH>
            </TR>
          </THead>
          <TBody className="tabular">
            {rows.map((c) => (
              <ConfigRow
                key={c.name}
                c={c}
                editing={editing?.key === c.name ? editing.value : null}
                error={editing?.key === c.name ? error : null}
                busy={alter.isPending}
                disabled={data.internal || readOnly}
                onEdit={() => {
                  setError(null);
                  setEditing({ key: c.name, value: c.value ?? '' });
                }}
                onChange={(value) => setEditing({ key: c.name, value })}
                onCancel={() => setEditing(null)}
                onSave={() => editing && apply({ set: { [editing.key]: editing.value } }, `Set ${editing.key} = ${editing.value}`)}
                onReset={() => apply({ delete: [c.name] }, `Reset ${c.name} to the default`)}
              />
            ))}
          </TBody>
        </Table>
      </div>
      {error && !editing && (
        <p role="alert" className="border-t border-border px-4 py-2 text-xs text-bad">
          {error}
        </p>
      )}
    </Card>
  );
}

function ConfigRow({ c, editing, error, busy, disabled, onEdit, onChange, onCancel, onSave, onReset }: { c: ConfigEntry; editing: string | null; error: string | null; busy: boolean; disabled: boolean; onEdit: () => void; onChange: (v: string) => void; onCancel: () => void; onSave: () => void; onReset: () => void }) {
  const human = humanConfig(c.name, c.value);
  const id = `cfg-${c.name.replace(/\./g, '-')}`;
  return (
    <TR data-testid="config-row" data-key={c.name}>
      <TD className="px-4 py-1.5 font-mono text-xs">{c.name}</TD>
      <TD className="px-4 py-1.5">
        {editing != null ? (
          <form
            className="flex flex-col gap-1"
            onSubmit={(e) => {
              e.preventDefault();
              onSave();
            }}
          >
            <div className="flex gap-2">
              <input id={id} aria-label={`New value for ${c.name}`} className={inputClass} value={editing} autoFocus aria-invalid={!!error} onChange={(e) => onChange(e.target.value)} />
              <Button type="submit" variant="primary" disabled={busy}>
                Save
              </Button>
              <Button onClick={onCancel}>Cancel</Button>
            </div>
            {error && (
              <p role="alert" className="text-xs text-bad">
                {error}
              </p>
            )}
          </form>
        ) : c.sensitive ? (
          <span className="text-muted">•••••• (sensitive)</span>
        ) : (
          <>
            <span className="break-all font-mono text-xs">{c.value == null ? <span className="font-sans text-muted">unset</span> : c.value === '' ? <span className="font-sans text-muted">(empty)</span> : c.value}</span>
            {human && <span className="ml-2 text-xs text-muted">({human})</span>}
          </>
        )}
      </TD>
      <TD className="whitespace-nowrap px-4 py-1.5">
        <StatusBadge tone={c.source === 'topic' ? 'info' : 'neutral'}>{CONFIG_SOURCE_LABEL[c.source]}</StatusBadge>
      </TD>
      <TD className="whitespace-nowrap px-4 py-1.5 text-right">
        {editing == null && !c.readOnly && !disabled && (
          <span className="inline-flex gap-1">
            <Button variant="ghost" aria-label={`Edit ${c.name}`} onClick={onEdit}>
              <Pencil aria-hidden className="size-3.5" /> Edit
            </Button>
            {c.source === 'topic' && (
              <Button variant="ghost" aria-label={`Reset ${c.name} to default`} onClick={onReset} disabled={busy}>
                <RotateCcw aria-hidden className="size-3.5" /> Reset
              </Button>
            )}
          </span>
        )}
        {c.readOnly && <span className="text-xs text-muted">read-only</span>}
      </TD>
    </TR>
  );
}

// ── partitions ──────────────────────────────────────────────────────────────────────────────

function AddPartitions({ cluster, data }: { cluster: string; data: TopicDetail }) {
  const bootstrap = useBootstrap(cluster);
  const add = useAddPartitions(cluster, data.name);
  const current = data.partitions.length;
  const [count, setCount] = useState(String(current + 1));
  const [error, setError] = useState<string | null>(null);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = addPartitionsSchema(current).safeParse({ count: count.trim() === '' ? NaN : Number(count) });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'invalid count');
    setError(null);
    add.mutate(parsed.data.count, {
      onSuccess: (r) => toast.success(`${data.name} now has ${r.partitions} partitions`),
      onError: (err) => setError(err.message),
    });
  };
  return (
    <Card>
      <CardHeader title="Add partitions" description={`Now ${formatCount(current)} partitions. Kafka can add partitions, never remove them.`} />
      <form onSubmit={submit} noValidate className="flex flex-col gap-3 px-4 py-3" aria-label="Add partitions">
        <p className="flex gap-2 rounded-md border border-warn/40 bg-warn/10 px-3 py-2 text-xs text-warn">
          <AlertTriangle aria-hidden className="size-4 shrink-0" />
          Keyed messages are placed by hash(key) mod partitions: after adding partitions, a key may land on a different partition than its earlier messages, so per-key ordering breaks across the change.
        </p>
        <Field id="ap-count" label="New total partition count" error={error}>
          <input id="ap-count" type="number" min={current + 1} className={cn(inputBase, 'w-40')} value={count} aria-invalid={!!error} disabled={data.internal} onChange={(e) => setCount(e.target.value)} />
        </Field>
        <CliPreview command={addPartitionsCommand({ bootstrap, name: data.name, count: count || '<n>' })} />
        <div>
          <Button type="submit" variant="primary" disabled={add.isPending || data.internal}>
            {add.isPending ? 'Adding…' : 'Add partitions'}
          </Button>
        </div>
      </form>
    </Card>
  );
}

// ── purge ───────────────────────────────────────────────────────────────────────────────────

function Purge({ cluster, data }: { cluster: string; data: TopicDetail }) {
  const bootstrap = useBootstrap(cluster);
  const purge = usePurgeTopic(cluster, data.name);
  const [mode, setMode] = useState<'all' | 'offset'>('all');
  const [partition, setPartition] = useState('0');
  const [offset, setOffset] = useState('');
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  // Deleting records cannot be undone: the first press asks, the second does it.
  const [confirming, setConfirming] = useState(false);
  const p = data.partitions.find((x) => String(x.partition) === partition);
  const input = mode === 'all' ? { mode } : { mode, partition: Number(partition), offset: offset.trim() === '' ? NaN : Number(offset) };
  const cliPartitions = mode === 'all' ? data.partitions.map((x) => ({ partition: x.partition, offset: -1 })) : [{ partition: Number(partition), offset: offset || '<offset>' }];

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = purgeInput.safeParse(input);
    if (!parsed.success) return setError({ field: parsed.error.issues[0]?.path.join('.'), message: parsed.error.issues[0]?.message ?? 'invalid' });
    setError(null);
    if (!confirming) return setConfirming(true);
    setConfirming(false);
    purge.mutate(parsed.data, {
      onSuccess: (r) => toast.success(`Deleted records from ${data.name}`, { description: r.partitions.map((x) => `p${x.partition} now starts at ${x.lowWatermark}`).join(', ') }),
      onError: (err) => setError({ field: err instanceof ApiError ? err.field : undefined, message: err.message }),
    });
  };
  return (
    <Card>
      <CardHeader title="Delete records" description="Moves the start of partitions forward; the records before it are gone for every consumer." />
      <form onSubmit={submit} noValidate className="flex flex-col gap-3 px-4 py-3" aria-label="Delete records">
        <div className="flex gap-4 text-[13px]" role="radiogroup" aria-label="What to delete">
          <label className="flex items-center gap-2">
            <input type="radio" name="purge-mode" checked={mode === 'all'} onChange={() => (setMode('all'), setConfirming(false))} /> Everything up to now
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="purge-mode" checked={mode === 'offset'} onChange={() => (setMode('offset'), setConfirming(false))} /> One partition, before an offset
          </label>
        </div>
        {mode === 'offset' && (
          <div className="flex gap-3">
            <Field id="pg-partition" label="Partition" error={error?.field === 'partition' ? error.message : null}>
              <select id="pg-partition" className={cn(inputBase, 'w-32')} value={partition} onChange={(e) => setPartition(e.target.value)}>
                {data.partitions.map((x) => (
                  <option key={x.partition} value={x.partition}>
                    {x.partition}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="pg-offset" label="Delete before offset" hint={p ? `Now ${p.earliest ?? '?'} – ${p.latest ?? '?'}` : undefined} error={error?.field === 'offset' ? error.message : null}>
              <input id="pg-offset" type="number" min={0} className={cn(inputBase, 'w-40')} value={offset} aria-invalid={error?.field === 'offset'} onChange={(e) => setOffset(e.target.value)} />
            </Field>
          </div>
        )}
        <CliPreview command={purgeCommand({ bootstrap, name: data.name, partitions: cliPartitions })} />
        {error && error.field !== 'offset' && error.field !== 'partition' && (
          <p role="alert" className="text-xs text-bad">
            {error.message}
          </p>
        )}
        {confirming && (
          <p role="alert" className="text-xs text-warn">
            {mode === 'all'
              ? `This deletes every record now in all ${data.partitions.length} partitions of ${data.name}. Press again to confirm.`
              : `This deletes the records before offset ${offset} in partition ${partition}. Press again to confirm.`}
          </p>
        )}
        <div className="flex gap-2">
          <Button type="submit" variant="danger" disabled={purge.isPending || data.internal}>
            {purge.isPending ? 'Deleting…' : confirming ? 'Yes, delete the records' : 'Delete records'}
          </Button>
          {confirming && <Button onClick={() => setConfirming(false)}>Cancel</Button>}
        </div>
      </form>
    </Card>
  );
}

// ── delete ──────────────────────────────────────────────────────────────────────────────────

function DeleteTopic({ cluster, data }: { cluster: string; data: TopicDetail }) {
  const bootstrap = useBootstrap(cluster);
  const router = useRouter();
  const del = useDeleteTopic(cluster);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Card className="border-bad/40">
      <CardHeader title="Delete topic" description="Deletes the topic and every record in it. Consumers and producers using it will fail." />
      {data.internal ? (
        <p className="px-4 py-3 text-xs text-muted">This is an internal topic: Kafka needs it, so the console does not delete it.</p>
      ) : (
        <form
          aria-label="Delete topic"
          className="flex flex-col gap-3 px-4 py-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed !== data.name) return;
            setError(null);
            del.mutate(data.name, {
              onSuccess: () => {
                toast.success(`Deleted topic ${data.name}`);
                router.push(clusterPath(cluster, 'topics'));
              },
              onError: (err) => setError(err.message),
            });
          }}
        >
          <Field id="del-confirm" label={<>Type <code className="font-mono">{data.name}</code> to confirm</>} error={error}>
            <input id="del-confirm" className={cn(inputClass, 'max-w-md')} value={typed} autoComplete="off" spellCheck={false} onChange={(e) => setTyped(e.target.value)} />
          </Field>
          <CliPreview command={deleteTopicCommand({ bootstrap, name: data.name })} />
          <div>
            <Button type="submit" variant="danger" disabled={typed !== data.name || del.isPending}>
              {del.isPending ? 'Deleting…' : 'Delete this topic'}
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}
