'use client';
import { Pencil, RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { ApiError } from '@/lib/client/api-fetch';
import { alterBrokerConfigsCommand } from '@/lib/client/kafka-cli';
import { useAlterBrokerConfigs, useBrokerConfigs } from '@/lib/client/use-partitions';
import type { ConfigEntry } from '@/lib/contracts/topics';
import { Card, CardHeader } from '@/components/ui/card';
import { formatTime } from '@/components/ui/format';
import { EmptyState, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { CONFIG_SOURCE_LABEL, humanConfig } from '@/lib/client/config-value';
import { Button, CliPreview, inputBase, inputClass } from '@/components/ui/form';
import { cn } from '@/components/ui/cn';
import { useBootstrap } from './use-bootstrap';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';

type Target = number | 'default';

/** The source a value set at this target has: this broker's own, or the cluster-wide default. */
const ownSource = (t: Target) => (t === 'default' ? 'dynamic-default-broker' : 'dynamic-broker');

function useEdits(cluster: string, target: Target) {
  const alter = useAlterBrokerConfigs(cluster, target);
  const [editing, setEditing] = useState<{ key: string; value: string } | null>(null);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const apply = (change: { set?: Record<string, string>; delete?: string[] }, what: string, done?: () => void) => {
    setError(null);
    alter.mutate(change, {
      onSuccess: () => {
        toast.success(what, { description: target === 'default' ? 'cluster-wide default' : `broker ${target}` });
        setEditing(null);
        done?.();
      },
      onError: (err) => {
        setError({ message: err.message, field: err instanceof ApiError ? err.field : undefined });
        if (!(err instanceof ApiError) || !err.field) toast.error('The change was refused', { description: err.message });
      },
    });
  };
  return { alter, editing, setEditing, error, setError, apply };
}

/**
 * A broker's configs (or the cluster-wide defaults) with per-key edits: only the key changed is
 * sent (IncrementalAlterConfigs). Static keys (server.properties) are marked read-only.
 */
export function BrokerConfigTable({ cluster, target, configs, canChange, filter = '' }: { cluster: string; target: Target; configs: ConfigEntry[]; canChange: boolean; filter?: string }) {
  const bootstrap = useBootstrap(cluster);
  const { alter, editing, setEditing, error, setError, apply } = useEdits(cluster, target);
  const rows = configs.filter((c) => c.name.includes(filter.trim().toLowerCase()));
  return (
    <>
      {editing && (
        <div className="border-b border-border px-4 py-3">
          <CliPreview command={alterBrokerConfigsCommand({ bootstrap, broker: target, set: { [editing.key]: editing.value }, delete: [] })} />
        </div>
      )}
      <div className="max-h-[32rem] overflow-y-auto">
        <Table className="w-full text-left text-[13px]" data-testid="broker-configs">
          <THead className="sticky top-0 bg-surface text-xs text-muted">
            <TR>
              <TH>Key</TH>
              <TH>Value</TH>
              <TH>Source</TH>
              <TH className="px-4 py-2 text-right font-medium">{canChange ? 'Actions' : ''}</TH>
            </TR>
          </THead>
          <TBody className="tabular">
            {rows.map((c) => {
              const isEditing = editing?.key === c.name;
              const human = humanConfig(c.name, c.value);
              return (
                <TR key={c.name} className="border-b border-border last:border-0" data-testid="broker-config-row" data-key={c.name}>
                  <TD className="px-4 py-1.5 font-mono text-xs">{c.name}</TD>
                  <TD className="max-w-[40rem] px-4 py-1.5">
                    {isEditing ? (
                      <form
                        className="flex flex-col gap-1"
                        onSubmit={(e) => {
                          e.preventDefault();
                          apply({ set: { [editing.key]: editing.value } }, `Set ${editing.key} = ${editing.value}`);
                        }}
                      >
                        <div className="flex gap-2">
                          <input aria-label={`New value for ${c.name}`} className={inputClass} value={editing.value} autoFocus aria-invalid={!!error} onChange={(e) => setEditing({ key: c.name, value: e.target.value })} />
                          <Button type="submit" variant="primary" disabled={alter.isPending}>
                            Save
                          </Button>
                          <Button onClick={() => setEditing(null)}>Cancel</Button>
                        </div>
                        {error && (
                          <p role="alert" className="text-xs text-bad">
                            {error.message}
                          </p>
                        )}
                      </form>
                    ) : c.sensitive ? (
                      <span className="text-muted" data-testid="masked">
                        •••••• (sensitive)
                      </span>
                    ) : c.value == null ? (
                      <span className="text-muted">unset</span>
                    ) : c.value === '' ? (
                      <span className="text-muted">(empty)</span>
                    ) : (
                      <span className="break-all font-mono text-xs">{c.value}</span>
                    )}
                    {!isEditing && !c.sensitive && human && <span className="ml-2 text-xs text-muted">({human})</span>}
                  </TD>
                  <TD className="whitespace-nowrap px-4 py-1.5">
                    <StatusBadge tone={c.source === 'default' ? 'neutral' : c.source === 'static-broker' ? 'info' : 'warn'}>{CONFIG_SOURCE_LABEL[c.source]}</StatusBadge>
                  </TD>
                  <TD className="whitespace-nowrap px-4 py-1.5 text-right">
                    {c.readOnly ? (
                      <span className="text-xs text-muted" title="A static config: set in server.properties, read when the broker starts">
                        read-only (static)
                      </span>
                    ) : (
                      canChange &&
                      !isEditing && (
                        <span className="inline-flex gap-1">
                          <Button
                            variant="ghost"
                            aria-label={`Edit ${c.name}`}
                            onClick={() => {
                              setError(null);
                              setEditing({ key: c.name, value: c.value ?? '' });
                            }}
                          >
                            <Pencil aria-hidden className="size-3.5" /> Edit
                          </Button>
                          {c.source === ownSource(target) && (
                            <Button variant="ghost" aria-label={`Reset ${c.name}`} disabled={alter.isPending} onClick={() => apply({ delete: [c.name] }, `Reset ${c.name}`)}>
                              <RotateCcw aria-hidden className="size-3.5" /> Reset
                            </Button>
                          )}
                        </span>
                      )
                    )}
                  </TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      </div>
      {error && !editing && (
        <p role="alert" className="border-t border-border px-4 py-2 text-xs text-bad">
          {error.message}
        </p>
      )}
    </>
  );
}

/** The cluster-wide dynamic broker defaults (kafka-configs.sh --entity-default), and a form to set one. */
export function ClusterDefaultsCard({ cluster, canChange }: { cluster: string; canChange: boolean }) {
  const { data, error, isPending } = useBrokerConfigs(cluster, 'default');
  const bootstrap = useBootstrap(cluster);
  const { alter, apply, error: setError } = useEdits(cluster, 'default');
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  return (
    <Card className="mb-5" data-testid="cluster-defaults">
      <CardHeader
        title="Cluster-wide broker defaults"
        description={`Dynamic values every broker takes unless it has its own${data ? ` · fetched ${formatTime(data.fetchedAt)}` : ''}.`}
      />
      {isPending ? (
        <Loading label="Loading the cluster-wide defaults…" />
      ) : error && !data ? (
        <div className="p-4">
          <ErrorState title="Could not load the defaults" reason={error.message} />
        </div>
      ) : data!.configs.length === 0 ? (
        <EmptyState title="No cluster-wide defaults set">Every broker runs on its own server.properties and Kafka&apos;s defaults.</EmptyState>
      ) : (
        <BrokerConfigTable cluster={cluster} target="default" configs={data!.configs} canChange={canChange} />
      )}
      {canChange && (
        <form
          className="flex flex-col gap-2 border-t border-border px-4 py-3"
          onSubmit={(e) => {
            e.preventDefault();
            apply({ set: { [key.trim()]: value } }, `Set ${key.trim()} = ${value}`, () => {
              setKey('');
              setValue('');
            });
          }}
        >
          <div className="flex flex-wrap items-end gap-2">
            <input aria-label="Config key" placeholder="log.retention.bytes" className={cn(inputBase, 'w-64 font-mono')} value={key} onChange={(e) => setKey(e.target.value)} />
            <input aria-label="Config value" placeholder="value" className={cn(inputBase, 'w-48')} value={value} onChange={(e) => setValue(e.target.value)} />
            <Button type="submit" variant="primary" disabled={!key.trim() || alter.isPending}>
              Set for every broker
            </Button>
          </div>
          {setError && (
            <p role="alert" className="text-xs text-bad">
              {setError.message}
            </p>
          )}
          {key.trim() && <CliPreview command={alterBrokerConfigsCommand({ bootstrap, broker: 'default', set: { [key.trim()]: value }, delete: [] })} />}
        </form>
      )}
    </Card>
  );
}
