'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { toast } from 'sonner';
import { CONNECTOR_CLASS, connectorName, type ConfigField, type ConnectorConfig } from '@/lib/contracts/connect';
import { useConfigValidation, useConnector, useConnectPlugins, useSaveConnector } from '@/lib/client/use-connect';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { PageHeader } from '@/components/ui/page-header';
import { ErrorState, Loading } from '@/components/ui/states';
import { clusterPath } from '@/components/shell/nav-items';
import { Button, Field, inputClass } from '@/components/ui/form';
import { connectorPath } from './connector-state';

// Groups every connector shares (the worker adds them to each plugin's definition): folded, after
// the plugin's own settings. "Common" (tasks.max, a sink's topics, converters) stays open.
const COMMON_GROUPS = new Set(['Transforms', 'Predicates', 'Error Handling', 'Topic Creation', 'Exactly Once Support', 'offsets.topic']);
const TOP_FIELDS = new Set(['name', CONNECTOR_CLASS]);
const PLUGIN_GROUP = 'Connector settings';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Create (no `existing`) or edit a connector, from the form its plugin's definition generates. */
export function ConnectorFormPage({ cluster, connect, existing }: { cluster: string; connect: string; existing?: string }) {
  const current = useConnector(cluster, connect, existing ?? '');
  if (existing && current.isPending) return <Loading label={`Loading ${existing}…`} />;
  if (existing && current.error) return <ErrorState title={`Could not load ${existing}`} reason={current.error.message} />;
  const initial: ConnectorConfig = existing
    ? Object.fromEntries(Object.entries(current.data!.config).filter((e): e is [string, string] => e[1] !== null && e[0] !== 'name'))
    : {};
  return <ConnectorForm cluster={cluster} connect={connect} existing={existing} initial={initial} secretKeys={existing ? current.data!.secretKeys : []} />;
}

function ConnectorForm({ cluster, connect, existing, initial, secretKeys }: { cluster: string; connect: string; existing?: string; initial: ConnectorConfig; secretKeys: string[] }) {
  const router = useRouter();
  const [name, setName] = useState(existing ?? '');
  const [config, setConfig] = useState<ConnectorConfig>(initial);
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [jsonText, setJsonText] = useState('');
  const [jsonProblem, setJsonProblem] = useState<string | null>(null);
  const [saveProblem, setSaveProblem] = useState<string | null>(null);
  const plugins = useConnectPlugins(cluster, connect);
  const checked = useDebounced(useMemo<ConnectorConfig>(() => ({ ...config, name: name || '' }), [config, name]), 600);
  const validation = useConfigValidation(cluster, connect, checked[CONNECTOR_CLASS] ? checked : null, existing);
  const save = useSaveConnector(cluster, connect, existing);
  const nameProblem = existing || !name ? null : connectorName.safeParse(name).error?.issues[0]?.message;

  const set = (key: string, value: string) =>
    setConfig((c) => {
      const next = { ...c };
      if (value === '') delete next[key];
      else next[key] = value;
      return next;
    });

  const toJson = () => {
    setJsonText(JSON.stringify({ name, config }, null, 2));
    setJsonProblem(null);
    setMode('json');
  };
  const fromJson = (): boolean => {
    try {
      const parsed = JSON.parse(jsonText) as { name?: unknown; config?: unknown };
      if (!parsed || typeof parsed !== 'object' || typeof parsed.config !== 'object' || parsed.config === null) throw new Error('expected {"name": "...", "config": {...}}');
      const next: ConnectorConfig = {};
      for (const [k, v] of Object.entries(parsed.config as Record<string, unknown>)) {
        if (v === null || typeof v === 'object') throw new Error(`config.${k}: values are strings`);
        next[k] = String(v);
      }
      if (!existing && typeof parsed.name === 'string') setName(parsed.name);
      setConfig(next);
      setJsonProblem(null);
      return true;
    } catch (e) {
      setJsonProblem((e as Error).message);
      return false;
    }
  };

  const submit = () => {
    if (mode === 'json' && !fromJson()) return;
    setSaveProblem(null);
    const body = mode === 'json' ? (JSON.parse(jsonText) as { config: ConnectorConfig }).config : config;
    const clean = Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'name').map(([k, v]) => [k, String(v)]));
    save.mutate(
      { name, config: clean },
      {
        onSuccess: (d) => {
          toast.success(existing ? `Saved ${d.name}; its tasks restart with the new config` : `Created ${d.name}`);
          router.push(connectorPath(clusterPath(cluster), connect, d.name));
        },
        onError: (e) => setSaveProblem(e.message),
      },
    );
  };

  const v = validation.data;
  const fields = v?.fields.filter((f) => f.visible && !TOP_FIELDS.has(f.name)) ?? [];
  const errorOf = (key: string) => v?.fields.find((f) => f.name === key)?.errors[0] ?? null;
  // Plugins often leave their own keys without a group (FileStream's file, topic, batch.size):
  // those come first, as the plugin's settings.
  const groupOf = (f: ConfigField) => f.group ?? PLUGIN_GROUP;
  const named = v ? [PLUGIN_GROUP, ...v.groups.filter((g) => g !== PLUGIN_GROUP)] : [];
  const groups = [...named.filter((g) => !COMMON_GROUPS.has(g)), ...named.filter((g) => COMMON_GROUPS.has(g))];
  const base = connectorPath(clusterPath(cluster), connect);

  return (
    <>
      <Link href={existing ? connectorPath(clusterPath(cluster), connect, existing) : `${clusterPath(cluster, 'connect')}?connect=${encodeURIComponent(connect)}`} className="text-xs text-accent hover:underline">
        ← {existing ?? `Kafka Connect “${connect}”`}
      </Link>
      <PageHeader
        title={existing ? `Edit ${existing}` : 'New connector'}
        description={`The form is generated from the plugin's own config definition; the worker checks each field as you type (Kafka Connect "${connect}").`}
        actions={
          <div className="flex gap-1 rounded-md border border-border p-0.5" role="tablist" aria-label="Editor">
            <button type="button" role="tab" aria-selected={mode === 'form'} className={cn('rounded px-2 py-1 text-xs', mode === 'form' ? 'bg-surface-2 font-medium' : 'text-muted')} onClick={() => mode === 'json' && fromJson() && setMode('form')}>
              Form
            </button>
            <button type="button" role="tab" aria-selected={mode === 'json'} className={cn('rounded px-2 py-1 text-xs', mode === 'json' ? 'bg-surface-2 font-medium' : 'text-muted')} onClick={() => mode === 'form' && toJson()}>
              Raw JSON
            </button>
          </div>
        }
      />
      {mode === 'json' ? (
        <Card className="mb-4 p-4">
          <Field id="raw-json" label="Connector as JSON" hint='{"name": "...", "config": {"connector.class": "...", ...}}; PASSWORD fields left out keep their current value' error={jsonProblem}>
            <textarea id="raw-json" className="h-96 w-full rounded-md border border-border bg-bg p-2 font-mono text-xs" spellCheck={false} value={jsonText} onChange={(e) => setJsonText(e.target.value)} />
          </Field>
        </Card>
      ) : (
        <>
          <Card className="mb-4 grid gap-4 p-4 md:grid-cols-2">
            <Field id="connector-name" label="Name *" hint={existing ? 'A connector cannot be renamed' : 'letters, digits, ".", "_" and "-"'} error={nameProblem ?? errorOf('name')}>
              <input id="connector-name" className={inputClass} value={name} disabled={Boolean(existing)} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(nameProblem)} />
            </Field>
            <Field id="connector-class" label="Plugin (connector.class) *" error={plugins.error?.message ?? errorOf(CONNECTOR_CLASS)}>
              <select id="connector-class" className={inputClass} value={config[CONNECTOR_CLASS] ?? ''} disabled={Boolean(existing)} onChange={(e) => set(CONNECTOR_CLASS, e.target.value)}>
                <option value="">Choose a plugin…</option>
                {plugins.data?.plugins.map((p) => (
                  <option key={p.className} value={p.className}>
                    {p.className.slice(p.className.lastIndexOf('.') + 1)} ({p.type}, {p.version ?? 'no version'})
                  </option>
                ))}
                {config[CONNECTOR_CLASS] && !plugins.data?.plugins.some((p) => p.className === config[CONNECTOR_CLASS]) && <option value={config[CONNECTOR_CLASS]}>{config[CONNECTOR_CLASS]}</option>}
              </select>
            </Field>
          </Card>
          {!config[CONNECTOR_CLASS] ? (
            <p className="mb-4 text-xs text-muted">Choose a plugin to see its settings.</p>
          ) : validation.error ? (
            <ErrorState title="The worker could not check this config" reason={validation.error.message} />
          ) : !v ? (
            <Loading label="Asking the worker for the plugin's config definition…" />
          ) : (
            groups.map((g) => {
              const inGroup = fields.filter((f) => groupOf(f) === g).sort((a, b) => a.orderInGroup - b.orderInGroup);
              if (!inGroup.length) return null;
              const errors = inGroup.filter((f) => f.errors.length).length;
              const common = COMMON_GROUPS.has(g);
              return (
                <details key={g} open={!common} className="mb-3 rounded-lg border border-border bg-surface" data-testid="config-group" data-group={g}>
                  <summary className="cursor-pointer px-4 py-2 text-sm font-semibold">
                    {g} <span className="font-normal text-xs text-muted">· {inGroup.length} settings{common ? ' shared by every connector' : ''}</span>
                    {errors > 0 && <span className="ml-2 text-xs font-normal text-bad">{errors} with errors</span>}
                  </summary>
                  <div className="grid gap-4 border-t border-border p-4 md:grid-cols-2">
                    {inGroup.map((f) => (
                      <ConfigInput key={f.name} f={f} value={config[f.name] ?? ''} onChange={(val) => set(f.name, val)} keptSecret={secretKeys.includes(f.name) && config[f.name] === undefined} />
                    ))}
                  </div>
                </details>
              );
            })
          )}
        </>
      )}
      <div className="sticky bottom-0 mt-4 flex items-center gap-3 border-t border-border bg-bg py-3">
        <Button variant="primary" onClick={submit} disabled={save.isPending || !name || Boolean(nameProblem) || !config[CONNECTOR_CLASS]} data-testid="save-connector">
          {save.isPending ? 'Saving…' : existing ? 'Save config' : 'Create connector'}
        </Button>
        <Link href={existing ? connectorPath(clusterPath(cluster), connect, existing) : base.replace(/\/connect\/.*/, '/connect')} className="text-xs text-muted hover:text-fg">
          Cancel
        </Link>
        <span className="text-xs tabular" aria-live="polite" data-testid="validation-summary">
          {validation.isFetching ? (
            <span className="text-muted">checking with the worker…</span>
          ) : v ? (
            v.errorCount ? (
              <span className="text-bad">the worker reports {v.errorCount} error{v.errorCount === 1 ? '' : 's'}</span>
            ) : (
              <span className="text-ok">the worker accepts this config</span>
            )
          ) : null}
        </span>
        {saveProblem && (
          <p role="alert" className="text-xs text-bad" data-testid="save-problem">
            {saveProblem}
          </p>
        )}
      </div>
    </>
  );
}

function ConfigInput({ f, value, onChange, keptSecret }: { f: ConfigField; value: string; onChange: (v: string) => void; keptSecret: boolean }) {
  const id = `cfg-${f.name}`;
  const label = (
    <span title={f.name}>
      {f.displayName}
      {f.required && ' *'} <span className="font-mono font-normal text-muted">{f.name}</span>
    </span>
  );
  const hint = (
    <span>
      {f.documentation}
      {f.defaultValue !== null && f.defaultValue !== '' && <span className="block">Default: {f.defaultValue}</span>}
    </span>
  );
  const placeholder = f.type === 'PASSWORD' ? (keptSecret ? 'unchanged (hidden)' : '') : (f.defaultValue ?? '');
  const common = { id, className: inputClass, 'aria-invalid': f.errors.length > 0, 'aria-describedby': f.errors.length ? `${id}-error` : undefined };
  let input: React.ReactNode;
  if (f.type === 'BOOLEAN') {
    input = (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">default{f.defaultValue ? ` (${f.defaultValue})` : ''}</option>
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    );
  } else if (f.recommendedValues.length > 0 && f.type !== 'LIST') {
    input = (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{f.defaultValue ? `default (${f.defaultValue})` : 'not set'}</option>
        {f.recommendedValues.map((r) => (
          <option key={r}>{r}</option>
        ))}
        {value && !f.recommendedValues.includes(value) && <option>{value}</option>}
      </select>
    );
  } else {
    input = <input {...common} type={f.type === 'PASSWORD' ? 'password' : 'text'} autoComplete="off" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <Field id={id} label={label} hint={hint} error={f.errors.join(' · ') || null}>
      {input}
    </Field>
  );
}
