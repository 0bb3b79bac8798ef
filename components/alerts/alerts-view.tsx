'use client';
import * as Tabs from '@radix-ui/react-tabs';
import { useUrlState } from '@/lib/client/use-url-state';
import { controlClass, buttonClass } from '@/components/ui/form';
import { Plus } from 'lucide-react';
import Link from 'next/link';
import { toast } from 'sonner';
import type { AlertDelivery, AlertEvent, AlertRule, DeliveryResult } from '@/lib/contracts/alerts';
import { useAlertHistory, useAlertRules, useDeleteAlertRule, useTestAlertRule, type AlertHistoryFilters } from '@/lib/client/use-alerts';
import { useCan } from '@/lib/client/use-session';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { formatCount } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge, type Tone } from '@/components/ui/status-badge';
import { AlertRuleDialog } from './alert-rule-dialog';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';

const th = 'px-3 py-2 font-medium';
const td = 'px-3 py-1.5 align-top';

/** Lag alerts of a cluster: the rules (?tab=rules) and what fired (?tab=history&rule=&group=&state=). */
export function AlertsView({ cluster }: { cluster: string }) {
  const { params, set: setParams } = useUrlState();
  const tab = params.get('tab') === 'history' ? 'history' : 'rules';
  return (
    <>
      <PageHeader
        title="Lag alerts"
        description="Rules that watch consumer groups' lag status, lag and catch-up time, and notify a webhook, Slack or email once when they fire and once when they resolve."
      />
      <Tabs.Root value={tab} onValueChange={(v) => setParams({ tab: v === 'rules' ? undefined : v })}>
        <Tabs.List aria-label="Alert sections" className="mb-4 flex gap-1 border-b border-border">
          {[
            { id: 'rules', label: 'Rules' },
            { id: 'history', label: 'History' },
          ].map((t) => (
            <Tabs.Trigger
              key={t.id}
              value={t.id}
              className="-mb-px border-b-2 border-transparent px-3 py-2 text-[13px] text-muted hover:text-fg focus:outline-none focus-visible:ring-2 focus-visible:ring-accent data-[state=active]:border-accent data-[state=active]:font-medium data-[state=active]:text-fg"
            >
              {t.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value="rules" className="focus:outline-none">
          {tab === 'rules' && <RulesTab cluster={cluster} onHistory={(rule) => setParams({ tab: 'history', rule: String(rule), group: undefined, state: undefined })} />}
        </Tabs.Content>
        <Tabs.Content value="history" className="focus:outline-none">
          {tab === 'history' && (
            <HistoryTab
              cluster={cluster}
              filters={{ rule: params.get('rule') ?? undefined, group: params.get('group') ?? undefined, state: params.get('state') ?? undefined }}
              setFilter={setParams}
            />
          )}
        </Tabs.Content>
      </Tabs.Root>
    </>
  );
}

function describeCondition(r: AlertRule): string {
  const parts: string[] = [];
  if (r.condition.status?.length) parts.push(`status ${r.condition.status.join(' or ')}`);
  if (r.condition.lagAbove !== undefined) parts.push(`lag > ${formatCount(r.condition.lagAbove)} messages`);
  if (r.condition.catchUpSecondsAbove !== undefined) parts.push(`catch-up > ${formatSeconds(r.condition.catchUpSecondsAbove)}`);
  return parts.join(', or ');
}

function formatSeconds(s: number): string {
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 360) / 10} h`;
}

function RulesTab({ cluster, onHistory }: { cluster: string; onHistory: (rule: number) => void }) {
  const { data, error, isPending } = useAlertRules(cluster);
  const admin = useCan('admin');
  const test = useTestAlertRule(cluster);
  const del = useDeleteAlertRule(cluster);
  if (isPending) return <Loading label="Loading alert rules…" />;
  if (error && !data) return <ErrorState title="Could not load the alert rules" reason={error.message} />;
  const newButton = admin ? (
    <AlertRuleDialog
      cluster={cluster}
      emailConfigured={data!.emailConfigured}
      trigger={
        <button type="button" className={buttonClass('primary')}>
          <Plus aria-hidden className="size-4" /> New rule
        </button>
      }
    />
  ) : null;
  return (
    <>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3 text-xs text-muted">
        <span>
          {data!.rulesFile ? (
            <>
              Rules marked <em>file</em> come from <code className="font-mono">{data!.rulesFile}</code> (RIFFLE_ALERTS_FILE) and are changed there.
            </>
          ) : (
            'Rules can also be kept as code in a file (RIFFLE_ALERTS_FILE).'
          )}{' '}
          {admin ? '' : 'Only admins change rules.'}
        </span>
        {newButton}
      </div>
      {data!.rulesFileError && <ErrorState title="The rules file could not be loaded" reason={data!.rulesFileError} />}
      {data!.rules.length === 0 ? (
        <EmptyState title="No alert rules yet">
          A rule names consumer groups (a glob such as <code>orders-*</code>), a condition — a status such as STALLED, lag above N messages or catch-up above T seconds — how long it must hold, and
          where to send.
        </EmptyState>
      ) : (
        <Card>
          <div className="overflow-x-auto">
            <Table className="w-full text-left text-xs" data-testid="alert-rules">
              <THead className="border-b border-border text-muted">
                <TR>
                  <TH className={th}>Rule</TH>
                  <TH className={th}>Groups</TH>
                  <TH className={th}>Condition</TH>
                  <TH className={th}>Sends to</TH>
                  <TH className={th}>Last test</TH>
                  <TH className={th}>
                    <span className="sr-only">Actions</span>
                  </TH>
                </TR>
              </THead>
              <TBody>
                {data!.rules.map((r) => (
                  <TR key={r.id} className="border-b border-border/60 last:border-0" data-testid="alert-rule-row">
                    <TD className={td}>
                      <span className="font-medium">{r.name}</span>
                      <span className="mt-0.5 flex gap-1">
                        {!r.enabled && <StatusBadge tone="neutral">disabled</StatusBadge>}
                        {r.source === 'file' && <StatusBadge tone="info">file</StatusBadge>}
                      </span>
                    </TD>
                    <TD className={`${td} font-mono break-words`}>
                      {r.groups}
                      {r.topics.length > 0 && <span className="block text-muted">topics {r.topics.join(', ')}</span>}
                    </TD>
                    <TD className={td}>
                      {describeCondition(r)}
                      <span className="block text-muted">
                        for {formatSeconds(r.forSeconds)} · at most once per {formatSeconds(r.repeatIntervalSeconds)}
                      </span>
                    </TD>
                    <TD className={td}>
                      {r.channel.type}
                      <span className="block font-mono text-muted">{r.channel.target}</span>
                    </TD>
                    <TD className={td}>{r.lastTest ? <AttemptBadge a={r.lastTest} /> : <span className="text-muted">never</span>}</TD>
                    <TD className={`${td} whitespace-nowrap text-right`}>
                      <button type="button" className="mr-2 text-accent underline" onClick={() => onHistory(r.id)}>
                        History
                      </button>
                      {admin && (
                        <>
                          <button
                            type="button"
                            className="mr-2 text-accent underline disabled:opacity-50"
                            disabled={test.isPending}
                            onClick={() =>
                              test.mutate(r.id, {
                                onSuccess: (res) => (res.ok ? toast.success(`Test sent to ${r.channel.target} (${res.httpStatus ?? 'ok'}, ${res.durationMs} ms)`) : toast.error(`Test failed: ${res.error}`)),
                                onError: (err) => toast.error(`Test failed: ${err.message}`),
                              })
                            }
                          >
                            Send test
                          </button>
                          {r.source === 'console' && (
                            <>
                              <AlertRuleDialog
                                cluster={cluster}
                                rule={r}
                                emailConfigured={data!.emailConfigured}
                                trigger={
                                  <button type="button" className="mr-2 text-accent underline">
                                    Edit
                                  </button>
                                }
                              />
                              <ConfirmDialog
                                trigger={
                                  <button type="button" className="text-bad underline">
                                    Delete
                                  </button>
                                }
                                title={`Delete the rule "${r.name}"`}
                                description="Its history stays."
                                pending={del.isPending}
                                onConfirm={() => del.mutateAsync(r.id).then(() => toast.success(`Rule "${r.name}" deleted`))}
                              />
                            </>
                          )}
                        </>
                      )}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </div>
        </Card>
      )}
    </>
  );
}

function AttemptBadge({ a }: { a: DeliveryResult }) {
  return (
    <span title={`${formatDateTime(a.at)} · ${a.durationMs} ms`}>
      <StatusBadge tone={a.ok ? 'ok' : 'bad'}>
        {a.ok ? 'sent' : 'failed'}
        {a.httpStatus !== null ? ` · ${a.httpStatus}` : ''}
      </StatusBadge>
      {a.error && <span className="block text-muted">{a.error}</span>}
    </span>
  );
}

const deliveryTone: Record<AlertDelivery['state'], Tone> = { sent: 'ok', pending: 'warn', failed: 'bad' };

function HistoryTab({ cluster, filters, setFilter }: { cluster: string; filters: AlertHistoryFilters; setFilter: (p: Record<string, string | undefined>) => void }) {
  const { data, error, isPending, isFetching } = useAlertHistory(cluster, filters);
  const rules = useAlertRules(cluster);
  return (
    <>
      <Card className="mb-3 flex flex-wrap items-end gap-3 px-4 py-3" aria-label="Filters">
        <label className="flex flex-col gap-1 text-xs text-muted">
          Rule
          <select className={controlClass} value={filters.rule ?? ''} onChange={(e) => setFilter({ rule: e.target.value || undefined })}>
            <option value="">any</option>
            {rules.data?.rules.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          State
          <select className={controlClass} value={filters.state ?? ''} onChange={(e) => setFilter({ state: e.target.value || undefined })}>
            <option value="">any</option>
            <option value="firing">firing</option>
            <option value="resolved">resolved</option>
          </select>
        </label>
        {filters.group && (
          <button type="button" className="text-xs text-accent underline" onClick={() => setFilter({ group: undefined })}>
            group: {filters.group} ✕
          </button>
        )}
        <span className="ml-auto text-xs text-muted">{isFetching && !isPending ? 'Refreshing…' : 'Refreshes every 5 s'}</span>
      </Card>
      {isPending ? (
        <Loading label="Loading the alert history…" />
      ) : error && !data ? (
        <ErrorState title="Could not load the alert history" reason={error.message} />
      ) : data!.events.length === 0 ? (
        <EmptyState title="No alerts have fired">Alerts appear here when a rule&apos;s condition has held for its time, with every notification and its attempts.</EmptyState>
      ) : (
        <Card>
          <div className="overflow-x-auto">
            <Table className="w-full text-left text-xs" data-testid="alert-history">
              <THead className="border-b border-border text-muted">
                <TR>
                  <TH className={th}>State</TH>
                  <TH className={th}>Rule · group</TH>
                  <TH className={th}>Why</TH>
                  <TH className={th}>When</TH>
                  <TH className={th}>Notifications</TH>
                </TR>
              </THead>
              <TBody>
                {data!.events.map((e) => (
                  <EventRow key={e.id} e={e} cluster={cluster} onGroup={(group) => setFilter({ group })} />
                ))}
              </TBody>
            </Table>
          </div>
        </Card>
      )}
    </>
  );
}

function EventRow({ e, cluster, onGroup }: { e: AlertEvent; cluster: string; onGroup: (g: string) => void }) {
  return (
    <TR className="border-b border-border/60 last:border-0" data-testid="alert-event-row">
      <TD className={`${td} whitespace-nowrap`}>
        <StatusBadge tone={e.state === 'firing' ? 'bad' : 'ok'}>{e.state}</StatusBadge>
        <span className="mt-1 block text-muted">{e.status}</span>
      </TD>
      <TD className={td}>
        <span className="font-medium">{e.ruleName}</span>
        <span className="block font-mono break-all">
          <Link className="text-accent underline" href={`/clusters/${encodeURIComponent(cluster)}/groups/${encodeURIComponent(e.group)}`}>
            {e.group}
          </Link>{' '}
          <button type="button" className="text-muted underline" title="Only this group's alerts" onClick={() => onGroup(e.group)}>
            filter
          </button>
        </span>
      </TD>
      <TD className={`${td} max-w-[44ch] break-words`}>
        {e.reason}
        {e.lag !== null && <span className="block text-muted tabular">lag {formatCount(e.lag)} messages{e.catchUpSeconds !== null ? ` · catch-up ${e.catchUpSeconds < 0 ? 'never at current rates' : formatSeconds(Math.round(e.catchUpSeconds))}` : ''}</span>}
        {e.resolvedReason && <span className="block text-ok">resolved: {e.resolvedReason}</span>}
      </TD>
      <TD className={`${td} whitespace-nowrap tabular`}>
        <span className="block">held since {formatDateTime(e.since)}</span>
        <span className="block">fired {formatDateTime(e.firedAt)}</span>
        {e.resolvedAt && <span className="block">resolved {formatDateTime(e.resolvedAt)}</span>}
      </TD>
      <TD className={td}>
        {e.deliveries.length === 0 ? (
          <span className="text-muted">none</span>
        ) : (
          <ul className="grid gap-1.5">
            {e.deliveries.map((d) => (
              <li key={d.id} data-testid="alert-delivery">
                <StatusBadge tone={deliveryTone[d.state]}>
                  {d.kind} · {d.state === 'pending' ? 'retrying' : d.state}
                </StatusBadge>{' '}
                <span className="text-muted">
                  {d.channel}, {d.attempts.length} attempt{d.attempts.length === 1 ? '' : 's'}
                  {d.nextAttemptAt ? `, next ${formatDateTime(d.nextAttemptAt)}` : ''}
                </span>
                {d.attempts.length > 0 && (
                  <ol className="mt-0.5 ml-3 list-decimal text-muted">
                    {d.attempts.map((a, i) => (
                      <li key={i} className="tabular">
                        {formatDateTime(a.at)}: {a.ok ? 'delivered' : 'failed'}
                        {a.httpStatus !== null ? ` (HTTP ${a.httpStatus})` : ''}
                        {a.error && !a.ok ? ` — ${a.error}` : ''} · {a.durationMs} ms
                      </li>
                    ))}
                  </ol>
                )}
              </li>
            ))}
          </ul>
        )}
      </TD>
    </TR>
  );
}

function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
}
