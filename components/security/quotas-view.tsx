'use client';
import { Pencil, Plus } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { quotaCommand } from '@/lib/client/kafka-cli-security';
import { useCan } from '@/lib/client/use-session';
import { useAlterQuota, useQuotas } from '@/lib/client/use-security';
import { alterQuotaInput, describeEntity, QUOTA_HELP, QUOTA_KEYS, QUOTA_UNITS, type QuotaEntry, type QuotaKey } from '@/lib/contracts/quotas';
import { Card, CardHeader } from '@/components/ui/card';
import { formatBytes, formatCount } from '@/components/ui/format';
import { EmptyState, Loading } from '@/components/ui/states';
import { Button, CliPreview, Field, inputClass, zodFieldErrors, type FieldErrors, selectClass } from '@/components/ui/form';
import { Dialog } from '@/components/ui/dialog';
import { useReadOnly } from '@/lib/client/use-read-only';
import { useUrlState } from '@/lib/client/use-url-state';
import { SecurityError, serverFieldError, useBootstrap } from './shared';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';

const LABEL: Record<QuotaKey, string> = {
  producer_byte_rate: 'Produce rate',
  consumer_byte_rate: 'Consume rate',
  request_percentage: 'Request time',
  controller_mutation_rate: 'Controller mutations',
};

export function formatQuota(key: QuotaKey, v: number | undefined | null): string {
  if (v === undefined || v === null) return '—';
  if (key === 'producer_byte_rate' || key === 'consumer_byte_rate') return `${formatBytes(v)}/s (${formatCount(v)} bytes/s)`;
  if (key === 'request_percentage') return `${formatCount(v)} %`;
  return `${formatCount(v)} partitions/s`;
}

function EntityCell({ e }: { e: QuotaEntry['entity'] }) {
  const part = (label: string, v: string | null | undefined) =>
    v === undefined ? null : (
      <span className="mr-2 inline-flex items-center gap-1">
        <span className="text-muted">{label}</span>
        {v === null ? <em className="text-muted">&lt;default&gt;</em> : <span className="font-mono">{v}</span>}
      </span>
    );
  return (
    <span className="text-xs">
      {part('user', e.user)}
      {part('client id', e.clientId)}
    </span>
  );
}

export function QuotasView({ cluster }: { cluster: string }) {
  const { params, set } = useUrlState();
  const user = params.get('user') ?? '';
  const clientId = params.get('client') ?? '';
  const readOnly = useReadOnly(cluster);
  const canChange = useCan('admin') && !readOnly;
  const query = useQuotas(cluster, { user: user || undefined, clientId: clientId || undefined });
  const [editing, setEditing] = useState<QuotaEntry | 'new' | null>(null);
  const [draft, setDraft] = useState({ user, clientId });

  return (
    <div className="flex flex-col gap-4">
      <Card>
        <CardHeader
          title="Client quotas"
          description="Per-broker limits for users, client ids, their defaults and combinations. A client over its quota is slowed down (throttled), not refused."
          actions={
            canChange && (
              <Button variant="primary" onClick={() => setEditing('new')}>
                <Plus aria-hidden className="size-3.5" /> Set quota
              </Button>
            )
          }
        />
        {query.isPending ? (
          <Loading label="Loading quotas…" />
        ) : query.error && !query.data ? (
          <div className="p-4">
            <SecurityError error={query.error} what="the quotas" />
          </div>
        ) : query.data.entries.length === 0 ? (
          <EmptyState title="No quotas">No user or client id has a quota: clients run as fast as the brokers let them.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <Table className="w-full whitespace-nowrap text-left text-[13px]" aria-label="Quotas">
              <THead>
                <TR>
                  <TH>Entity</TH>
                  {QUOTA_KEYS.map((k) => (
                    <TH key={k} align="right" title={QUOTA_HELP[k]}>
                      {LABEL[k]} <span className="font-normal">({QUOTA_UNITS[k]})</span>
                    </TH>
                  ))}
                  {canChange && <TH><span className="sr-only">Actions</span></TH>}
                </TR>
              </THead>
              <TBody>
                {query.data.entries.map((e) => (
                  <TR key={describeEntity(e.entity)} className="border-b border-border last:border-0" data-testid="quota-row">
                    <TD className="align-top">
                      <EntityCell e={e.entity} />
                    </TD>
                    {QUOTA_KEYS.map((k) => (
                      <TD key={k} className="align-top text-right tabular-nums text-xs">
                        {formatQuota(k, e.values[k])}
                      </TD>
                    ))}
                    {canChange && (
                      <TD align="right" className="align-top">
                        <Button variant="ghost" aria-label={`Edit the quotas of ${describeEntity(e.entity)}`} onClick={() => setEditing(e)}>
                          <Pencil aria-hidden className="size-3.5" /> Edit
                        </Button>
                      </TD>
                    )}
                  </TR>
                ))}
              </TBody>
            </Table>
          </div>
        )}
      </Card>

      <Card>
        <CardHeader title="Which quota applies" description="For a user and a client id, Kafka takes each kind of quota from the most specific entity that sets it: user + client id, user + default client, user, default user + client id, … client id, default client." />
        <form
          className="flex flex-wrap items-end gap-3 px-4 py-3"
          aria-label="Which quota applies"
          onSubmit={(e) => {
            e.preventDefault();
            set({ user: draft.user.trim() || null, client: draft.clientId.trim() || null });
          }}
        >
          <Field id="applies-user" label="User" className="w-48">
            <input id="applies-user" className={inputClass} value={draft.user} placeholder="alice" onChange={(e) => setDraft({ ...draft, user: e.target.value })} />
          </Field>
          <Field id="applies-client" label="Client id" className="w-48">
            <input id="applies-client" className={inputClass} value={draft.clientId} placeholder="billing-app" onChange={(e) => setDraft({ ...draft, clientId: e.target.value })} />
          </Field>
          <Button type="submit">Show</Button>
        </form>
        {query.data?.applied && (
          <Table className="w-full text-left text-[13px]" aria-label="Quotas that apply" data-testid="applied-quotas">
            <THead>
              <TR className="border-b border-t border-border">
                <TH>Quota</TH>
                <TH align="right">Limit</TH>
                <TH>Set on</TH>
              </TR>
            </THead>
            <TBody>
              {query.data.applied.quotas.map((q) => (
                <TR key={q.key} className="border-b border-border last:border-0">
                  <TD className="align-top text-xs">
                    {LABEL[q.key]} <span className="font-mono text-muted">{q.key}</span>
                  </TD>
                  <TD className="align-top text-right tabular-nums text-xs">{q.value === null ? 'unlimited' : formatQuota(q.key, q.value)}</TD>
                  <TD className="align-top">{q.from ? <EntityCell e={q.from} /> : <span className="text-xs text-muted">no entity sets it</span>}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      {editing && <QuotaDialog cluster={cluster} entry={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

type Who = 'none' | 'name' | 'default';
const whoOf = (v: string | null | undefined): Who => (v === undefined ? 'none' : v === null ? 'default' : 'name');

function QuotaDialog({ cluster, entry, onClose }: { cluster: string; entry: QuotaEntry | null; onClose: () => void }) {
  const bootstrap = useBootstrap(cluster);
  const alter = useAlterQuota(cluster);
  const [userWho, setUserWho] = useState<Who>(entry ? whoOf(entry.entity.user) : 'name');
  const [clientWho, setClientWho] = useState<Who>(entry ? whoOf(entry.entity.clientId) : 'none');
  const [userName, setUserName] = useState(entry?.entity.user ?? '');
  const [clientName, setClientName] = useState(entry?.entity.clientId ?? '');
  const [values, setValues] = useState<Record<QuotaKey, string>>(() => Object.fromEntries(QUOTA_KEYS.map((k) => [k, entry?.values[k] !== undefined ? String(entry.values[k]) : ''])) as Record<QuotaKey, string>);
  const [errors, setErrors] = useState<FieldErrors>({});

  const entity = {
    ...(userWho === 'none' ? {} : { user: userWho === 'default' ? null : userName }),
    ...(clientWho === 'none' ? {} : { clientId: clientWho === 'default' ? null : clientName }),
  };
  const setNumbers = Object.fromEntries(QUOTA_KEYS.filter((k) => values[k].trim() !== '').map((k) => [k, Number(values[k])]));
  // a key the entity had and the form now leaves empty is removed
  const remove = QUOTA_KEYS.filter((k) => values[k].trim() === '' && entry?.values[k] !== undefined);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = alterQuotaInput.safeParse({ entity, set: setNumbers, remove });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error.issues));
    setErrors({});
    try {
      const r = await alter.mutateAsync(parsed.data);
      toast.success(`Quotas saved for ${r.description}`);
      onClose();
    } catch (err) {
      const f = serverFieldError(err);
      if (f) setErrors({ [f.field]: f.message });
    }
  };

  const whoSelect = (id: string, who: Who, setWho: (w: Who) => void, noneLabel: string) => (
    <select id={id} className={selectClass} value={who} onChange={(e) => setWho(e.target.value as Who)} disabled={entry !== null}>
      <option value="none">{noneLabel}</option>
      <option value="name">named</option>
      <option value="default">&lt;default&gt; (every one without its own)</option>
    </select>
  );

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={entry ? `Quotas of ${describeEntity(entry.entity)}` : 'Set a quota'} description="Limits apply per broker. Leave a field empty for no limit of that kind." size="xl">
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="quota-user-who" label="User" error={errors['entity.user'] ?? errors.entity}>
            <div className="flex gap-2">
              {whoSelect('quota-user-who', userWho, setUserWho, 'any user (not part of it)')}
              {userWho === 'name' && <input aria-label="User name" className={inputClass} value={userName} disabled={entry !== null} onChange={(e) => setUserName(e.target.value)} placeholder="alice" />}
            </div>
          </Field>
          <Field id="quota-client-who" label="Client id" error={errors['entity.clientId']}>
            <div className="flex gap-2">
              {whoSelect('quota-client-who', clientWho, setClientWho, 'any client id (not part of it)')}
              {clientWho === 'name' && <input aria-label="Client id" className={inputClass} value={clientName} disabled={entry !== null} onChange={(e) => setClientName(e.target.value)} placeholder="billing-app" />}
            </div>
          </Field>
          {QUOTA_KEYS.map((k) => (
            <Field key={k} id={`quota-${k}`} label={`${LABEL[k]} (${QUOTA_UNITS[k]})`} hint={`${k}: ${QUOTA_HELP[k]}`} error={errors[`set.${k}`]}>
              <input id={`quota-${k}`} inputMode="decimal" className={inputClass} value={values[k]} placeholder="no limit" onChange={(e) => setValues({ ...values, [k]: e.target.value })} aria-invalid={!!errors[`set.${k}`]} />
            </Field>
          ))}
        </div>
        <CliPreview command={quotaCommand(bootstrap, entity, setNumbers, remove)} />
        {(errors.form || errors.set || errors.remove) && (
          <p role="alert" className="text-xs text-bad">
            {errors.form ?? errors.set ?? errors.remove}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={alter.isPending}>
            {alter.isPending ? 'Saving…' : 'Save quotas'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
