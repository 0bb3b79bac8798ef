'use client';
import { Dialog, DialogClose } from '@/components/ui/dialog';
import { buttonClass, inputBase } from '@/components/ui/form';
import { useState } from 'react';
import { toast } from 'sonner';
import type { AlertRule, AlertRuleInput, AlertStatusCondition } from '@/lib/contracts/alerts';
import { ApiError } from '@/lib/client/api-fetch';
import { useSaveAlertRule } from '@/lib/client/use-alerts';

const STATUSES: { value: AlertStatusCondition; hint: string }[] = [
  { value: 'STALLED', hint: 'offset unchanged for half the window while behind' },
  { value: 'STOPPED', hint: 'offset unchanged for the whole window while behind' },
  { value: 'REWOUND', hint: 'offset moved backwards' },
  { value: 'WARNING', hint: 'lag grew at every sample' },
];


interface Draft {
  name: string;
  groups: string;
  topics: string;
  statuses: AlertStatusCondition[];
  lagAbove: string;
  catchUpAbove: string;
  forSeconds: string;
  repeatSeconds: string;
  enabled: boolean;
  channelType: 'webhook' | 'slack' | 'email';
  url: string;
  to: string;
}

function draftOf(rule?: AlertRule): Draft {
  return {
    name: rule?.name ?? '',
    groups: rule?.groups ?? '',
    topics: rule?.topics.join(', ') ?? '',
    statuses: rule?.condition.status ?? (rule ? [] : ['STALLED', 'STOPPED']),
    lagAbove: rule?.condition.lagAbove?.toString() ?? '',
    catchUpAbove: rule?.condition.catchUpSecondsAbove?.toString() ?? '',
    forSeconds: String(rule?.forSeconds ?? 60),
    repeatSeconds: String(rule?.repeatIntervalSeconds ?? 3600),
    enabled: rule?.enabled ?? true,
    channelType: rule?.channel.type ?? 'webhook',
    url: '',
    to: '',
  };
}

const int = (s: string) => (s.trim() === '' ? undefined : Number(s.trim()));

function toInput(d: Draft): AlertRuleInput {
  const channel: AlertRuleInput['channel'] =
    d.channelType === 'email'
      ? { type: 'email', ...(d.to.trim() ? { to: d.to.split(',').map((s) => s.trim()).filter(Boolean) } : {}) }
      : { type: d.channelType, ...(d.url.trim() ? { url: d.url.trim() } : {}) };
  const topics = d.topics.split(',').map((s) => s.trim()).filter(Boolean);
  return {
    name: d.name,
    groups: d.groups,
    ...(topics.length ? { topics } : {}),
    condition: {
      ...(d.statuses.length ? { status: d.statuses } : {}),
      ...(int(d.lagAbove) !== undefined ? { lagAbove: int(d.lagAbove) } : {}),
      ...(int(d.catchUpAbove) !== undefined ? { catchUpSecondsAbove: int(d.catchUpAbove) } : {}),
    },
    forSeconds: int(d.forSeconds) ?? 0,
    repeatIntervalSeconds: int(d.repeatSeconds) ?? 3600,
    enabled: d.enabled,
    channel,
  };
}

/** Create or edit a rule. The channel's URL is write-only: editing shows where it points, not the URL. */
export function AlertRuleDialog({ cluster, rule, emailConfigured, trigger }: { cluster: string; rule?: AlertRule; emailConfigured: boolean; trigger: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const [d, setD] = useState<Draft>(() => draftOf(rule));
  const [problem, setProblem] = useState<{ field?: string; message: string } | null>(null);
  const save = useSaveAlertRule(cluster);
  const set = (patch: Partial<Draft>) => {
    setD((x) => ({ ...x, ...patch }));
    setProblem(null);
  };
  const fieldError = (f: string) => (problem?.field && (problem.field === f || problem.field.startsWith(`${f}.`)) ? problem.message : null);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    save.mutate(
      { id: rule?.id, input: toInput(d) },
      {
        onSuccess: (saved) => {
          toast.success(rule ? `Rule "${saved.name}" saved` : `Rule "${saved.name}" created`);
          setOpen(false);
        },
        onError: (err) => setProblem({ field: err instanceof ApiError ? err.field : undefined, message: err.message }),
      },
    );
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) {
          setD(draftOf(rule));
          setProblem(null);
        }
      }}
      trigger={trigger}
      title={rule ? `Edit rule "${rule.name}"` : 'New lag alert rule'}
      description={<>Fires once when any condition has held for the given time, and once more when it clears. The elected lag sampler judges it every sample.</>}
      size="lg"
    >
          <form className="grid gap-3 text-[13px]" onSubmit={submit} noValidate>
            <Field label="Name" error={fieldError('name')}>
              <input className={inputBase} value={d.name} onChange={(e) => set({ name: e.target.value })} placeholder="orders consumers stalled" required />
            </Field>
            <div className="grid grid-cols-2 gap-3">
              <Field label="Consumer groups (glob: * and ?)" error={fieldError('groups')}>
                <input className={inputBase} value={d.groups} onChange={(e) => set({ groups: e.target.value })} placeholder="orders-*" required />
              </Field>
              <Field label="Only these topics (comma-separated globs, optional)" error={fieldError('topics')}>
                <input className={inputBase} value={d.topics} onChange={(e) => set({ topics: e.target.value })} placeholder="every topic the group reads" />
              </Field>
            </div>
            <fieldset className="grid gap-2 rounded-md border border-border p-3">
              <legend className="px-1 text-xs text-muted">Condition: any of these</legend>
              <div className="flex flex-wrap gap-3">
                {STATUSES.map((s) => (
                  <label key={s.value} className="flex items-center gap-1.5" title={s.hint}>
                    <input
                      type="checkbox"
                      checked={d.statuses.includes(s.value)}
                      onChange={(e) => set({ statuses: e.target.checked ? [...d.statuses, s.value] : d.statuses.filter((x) => x !== s.value) })}
                    />
                    status {s.value}
                  </label>
                ))}
              </div>
              <div className="grid grid-cols-2 gap-3">
                <Field label="Lag above (messages)" error={fieldError('condition.lagAbove')}>
                  <input className={inputBase} inputMode="numeric" value={d.lagAbove} onChange={(e) => set({ lagAbove: e.target.value })} placeholder="e.g. 10000" />
                </Field>
                <Field label="Estimated catch-up above (seconds)" error={fieldError('condition.catchUpSecondsAbove')}>
                  <input className={inputBase} inputMode="numeric" value={d.catchUpAbove} onChange={(e) => set({ catchUpAbove: e.target.value })} placeholder="e.g. 900" />
                </Field>
              </div>
              {problem?.field === 'condition' && <p className="text-xs text-bad">{problem.message}</p>}
            </fieldset>
            <div className="grid grid-cols-2 gap-3">
              <Field label="For at least (seconds)" error={fieldError('forSeconds')}>
                <input className={inputBase} inputMode="numeric" value={d.forSeconds} onChange={(e) => set({ forSeconds: e.target.value })} />
              </Field>
              <Field label="At most one alert per group every (seconds)" error={fieldError('repeatIntervalSeconds')}>
                <input className={inputBase} inputMode="numeric" value={d.repeatSeconds} onChange={(e) => set({ repeatSeconds: e.target.value })} />
              </Field>
            </div>
            <fieldset className="grid gap-2 rounded-md border border-border p-3">
              <legend className="px-1 text-xs text-muted">Send to</legend>
              <div className="flex flex-wrap gap-3">
                {(['webhook', 'slack', 'email'] as const).map((t) => (
                  <label key={t} className="flex items-center gap-1.5">
                    <input type="radio" name="channel" checked={d.channelType === t} disabled={t === 'email' && !emailConfigured} onChange={() => set({ channelType: t })} />
                    {t === 'webhook' ? 'Webhook (JSON)' : t === 'slack' ? 'Slack-compatible webhook' : `Email${emailConfigured ? '' : ' (needs RIFFLE_SMTP_URL)'}`}
                  </label>
                ))}
              </div>
              {d.channelType === 'email' ? (
                <Field label="Recipients (comma-separated)" error={fieldError('channel')}>
                  <input className={inputBase} value={d.to} onChange={(e) => set({ to: e.target.value })} placeholder={rule?.channel.type === 'email' ? `unchanged (${rule.channel.target})` : 'oncall@example.com'} />
                </Field>
              ) : (
                <Field label="URL (kept secret: never shown again)" error={fieldError('channel')}>
                  <input
                    className={inputBase}
                    type="url"
                    autoComplete="off"
                    value={d.url}
                    onChange={(e) => set({ url: e.target.value })}
                    placeholder={rule && rule.channel.type === d.channelType ? `unchanged (${rule.channel.target})` : 'https://hooks.example.com/…'}
                  />
                </Field>
              )}
            </fieldset>
            <label className="flex items-center gap-1.5">
              <input type="checkbox" checked={d.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
              Enabled
            </label>
            {problem && !problem.field?.match(/^(name|groups|topics|condition|forSeconds|repeatIntervalSeconds|channel)/) && (
              <p role="alert" className="rounded-md border border-bad/40 bg-bad/5 px-3 py-2 text-xs text-bad">
                {problem.message}
              </p>
            )}
            <div className="flex justify-end gap-2">
              <DialogClose asChild>
                <button type="button" className={buttonClass()}>
                  Cancel
                </button>
              </DialogClose>
              <button type="submit" className={buttonClass('primary')} disabled={save.isPending}>
                {save.isPending ? 'Saving…' : rule ? 'Save rule' : 'Create rule'}
              </button>
            </div>
          </form>
    </Dialog>
  );
}

function Field({ label, error, children }: { label: string; error: string | null; children: React.ReactNode }) {
  return (
    <label className="grid gap-1">
      <span className="text-xs text-muted">{label}</span>
      {children}
      {error && <span className="text-xs text-bad">{error}</span>}
    </label>
  );
}
