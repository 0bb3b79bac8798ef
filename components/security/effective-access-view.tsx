'use client';
import Link from 'next/link';
import { useState } from 'react';
import { useEffectiveAccess } from '@/lib/client/use-security';
import type { AccessDecision } from '@/lib/contracts/acls';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { Button, Field, inputClass, selectClass } from '@/components/ui/form';
import { useUrlState } from '@/lib/client/use-url-state';
import { AclResource, AclTable, PermissionBadge } from './acl-table';
import { SecurityError } from './shared';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';

const REASON: Record<AccessDecision['reason'], string> = {
  'super-user': 'a super user (super.users): every operation is allowed, ACLs are not consulted',
  'deny-acl': 'a DENY ACL matches, and DENY wins',
  'allow-acl': 'allowed by',
  'no-acl-allowed-by-default': 'no ACL names this resource and allow.everyone.if.no.acl.found=true',
  'no-acl-denied-by-default': 'no ACL names this resource and allow.everyone.if.no.acl.found=false',
  'no-acl-default-unknown': 'no ACL names this resource: allowed only if the brokers set allow.everyone.if.no.acl.found=true (the local secured cluster does not)',
  'no-matching-acl': 'no ACL allows it (denied by default)',
};

function Decision({ allowed }: { allowed: boolean | null }) {
  if (allowed === null) return <StatusBadge tone="warn">Depends on the broker</StatusBadge>;
  return <StatusBadge tone={allowed ? 'ok' : 'bad'}>{allowed ? 'Allowed' : 'Denied'}</StatusBadge>;
}

/** For a principal and a resource: each operation, allowed or denied, and by which ACLs. */
export function EffectiveAccessView({ cluster }: { cluster: string }) {
  const { params, set } = useUrlState();
  const current = { principal: params.get('principal') ?? '', resourceType: params.get('type') ?? 'TOPIC', resourceName: params.get('name') ?? '', host: params.get('host') ?? '*' };
  const [form, setForm] = useState(current);
  const ready = current.principal !== '' && (current.resourceName !== '' || current.resourceType === 'CLUSTER');
  const query = useEffectiveAccess(cluster, ready ? { ...current, resourceName: current.resourceType === 'CLUSTER' ? 'kafka-cluster' : current.resourceName } : null);

  return (
    <div className="flex flex-col gap-4">
      <Card>
        <CardHeader title="Effective access" description="What a principal may do on one topic, group, transactional id or the cluster, worked out from the ACLs the way the broker's StandardAuthorizer does." />
        <form
          className="flex flex-wrap items-end gap-3 px-4 py-3"
          aria-label="Check access"
          onSubmit={(e) => {
            e.preventDefault();
            set({ principal: form.principal.trim() || null, type: form.resourceType, name: form.resourceName.trim() || null, host: form.host.trim() === '*' ? null : form.host.trim() || null });
          }}
        >
          <Field id="ea-principal" label="Principal" className="w-56">
            <input id="ea-principal" className={inputClass} value={form.principal} placeholder="User:alice" onChange={(e) => setForm({ ...form, principal: e.target.value })} />
          </Field>
          <Field id="ea-type" label="Resource type">
            <select id="ea-type" className={selectClass} value={form.resourceType} onChange={(e) => setForm({ ...form, resourceType: e.target.value })}>
              {['TOPIC', 'GROUP', 'TRANSACTIONAL_ID', 'CLUSTER'].map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </Field>
          <Field id="ea-name" label="Resource name" className="w-56">
            <input id="ea-name" className={inputClass} value={form.resourceType === 'CLUSTER' ? 'kafka-cluster' : form.resourceName} disabled={form.resourceType === 'CLUSTER'} placeholder="orders" onChange={(e) => setForm({ ...form, resourceName: e.target.value })} />
          </Field>
          <Field id="ea-host" label="Client host" className="w-36">
            <input id="ea-host" className={inputClass} value={form.host} onChange={(e) => setForm({ ...form, host: e.target.value })} />
          </Field>
          <Button type="submit" variant="primary">
            Check access
          </Button>
        </form>
      </Card>
      {!ready ? (
        <EmptyState title="Name a principal and a resource">For example User:alice and the topic orders. Host * considers only ACLs that apply to every host.</EmptyState>
      ) : query.isPending ? (
        <Loading label="Working out access…" />
      ) : query.error ? (
        <SecurityError error={query.error} what="effective access" />
      ) : (
        <>
          <Card data-testid="effective-access">
            <CardHeader
              title={
                <span>
                  <span className="font-mono">{query.data.principal}</span> on {query.data.resourceType} <span className="font-mono">{query.data.resourceName}</span>
                </span>
              }
              description={`from host ${query.data.host === '*' ? 'any (*)' : query.data.host}${query.data.allowEveryoneIfNoAcl !== null ? ` · allow.everyone.if.no.acl.found=${query.data.allowEveryoneIfNoAcl}` : ''}${query.data.superUser ? ' · super user' : ''}`}
            />
            {query.data.superUser === null && (
              <p className="border-b border-border bg-surface-2 px-4 py-2 text-xs text-muted" data-testid="super-user-note">
                The brokers do not disclose <code>super.users</code> through Kafka&apos;s Admin API (it reads as a sensitive setting). A super user may do everything,
                whatever the ACLs say; on the local secured cluster that is <code>User:riffle</code>, the console&apos;s own account.
              </p>
            )}
            <Table className="w-full text-left text-[13px]" aria-label="Access by operation">
              <THead>
                <TR>
                  <TH>Operation</TH>
                  <TH>Decision</TH>
                  <TH>Why</TH>
                </TR>
              </THead>
              <TBody>
                {query.data.decisions.map((d) => (
                  <TR key={d.operation} className="border-b border-border last:border-0" data-testid={`access-${d.operation}`}>
                    <TD className="align-top font-mono text-xs">{d.operation}</TD>
                    <TD className="align-top">
                      <Decision allowed={d.allowed} />
                    </TD>
                    <TD className="align-top text-xs">
                      <span className="text-muted">{REASON[d.reason]}</span>
                      {d.acls.length > 0 && (
                        <ul className="mt-1 flex flex-col gap-1">
                          {d.acls.map((a, i) => (
                            <li key={i} className="flex flex-wrap items-center gap-1.5">
                              <PermissionBadge permission={a.permission} />
                              <span className="font-mono">{a.operation}</span>
                              <span className="text-muted">for</span>
                              <span className="font-mono">{a.principal}</span>
                              <span className="text-muted">on</span>
                              <AclResource acl={a} />
                              {a.host !== '*' && <span className="text-muted">from {a.host}</span>}
                            </li>
                          ))}
                        </ul>
                      )}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </Card>
          <Card>
            <CardHeader
              title="Every ACL that applies to this resource"
              description="Literal, wildcard (*) and prefix ACLs of any principal."
              actions={
                <Link className="text-xs text-accent hover:underline" href={`?tab=acls&type=${query.data.resourceType}&name=${encodeURIComponent(query.data.resourceName)}&pattern=MATCH`}>
                  Open in the ACL list
                </Link>
              }
            />
            {query.data.resourceAcls.length ? <AclTable acls={query.data.resourceAcls} label="ACLs on the resource" /> : <EmptyState title="No ACL names this resource" />}
          </Card>
        </>
      )}
    </div>
  );
}
