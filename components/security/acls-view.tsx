'use client';
import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { aclCommand } from '@/lib/client/kafka-cli-security';
import { useCan } from '@/lib/client/use-session';
import { useAcls } from '@/lib/client/use-security';
import { aclFilter, ACL_OPERATIONS, ACL_RESOURCE_TYPES, type AclFilter } from '@/lib/contracts/acls';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState, ErrorState, Loading } from '@/components/ui/states';
import { Button, CliPreview, inputBase, selectClass } from '@/components/ui/form';
import { useReadOnly } from '@/lib/client/use-read-only';
import { useUrlState } from '@/lib/client/use-url-state';
import { AclTable } from './acl-table';
import { CreateAclDialog } from './create-acl-dialog';
import { DeleteAclsDialog } from './delete-acls-dialog';
import { SecurityError, useBootstrap } from './shared';

// URL parameter → filter field: a filtered list is a link someone can share.
const PARAMS = { principal: 'principal', type: 'resourceType', pattern: 'patternType', name: 'resourceName', op: 'operation', perm: 'permission', host: 'host' } as const;

export function AclsView({ cluster }: { cluster: string }) {
  const { params, set } = useUrlState();
  const bootstrap = useBootstrap(cluster);
  const readOnly = useReadOnly(cluster);
  const canChange = useCan('admin') && !readOnly;
  const raw = Object.fromEntries(Object.entries(PARAMS).map(([p, f]) => [f, params.get(p) ?? undefined])) as Record<string, string | undefined>;
  const parsed = aclFilter.safeParse(raw);
  const query = useAcls(cluster, raw, { enabled: parsed.success });
  const [creating, setCreating] = useState(false);
  const [removing, setRemoving] = useState<AclFilter | null>(null);
  const filtered = Object.values(raw).some(Boolean);

  return (
    <div className="flex flex-col gap-4">
      <Card>
        <CardHeader
          title="ACLs"
          description="Who may do what on which resource, as the broker's authorizer sees it. Filter by any field; the filter is in the page's address."
          actions={
            canChange && (
              <div className="flex gap-2">
                {filtered && parsed.success && (
                  <Button onClick={() => setRemoving(parsed.data)} data-testid="remove-matching">
                    <Trash2 aria-hidden className="size-3.5" /> Remove matching…
                  </Button>
                )}
                <Button variant="primary" onClick={() => setCreating(true)}>
                  <Plus aria-hidden className="size-3.5" /> Add ACL
                </Button>
              </div>
            )
          }
        />
        <form className="flex flex-wrap items-end gap-2 border-b border-border px-4 py-3" onSubmit={(e) => e.preventDefault()} aria-label="Filter ACLs">
          <FilterInput label="Principal" value={raw.principal} placeholder="User:alice" onChange={(v) => set({ principal: v })} />
          <FilterSelect label="Resource type" value={raw.resourceType} options={ACL_RESOURCE_TYPES} onChange={(v) => set({ type: v })} />
          <FilterInput label="Resource name" value={raw.resourceName} placeholder="orders" onChange={(v) => set({ name: v })} />
          <FilterSelect
            label="Pattern"
            value={raw.patternType}
            options={['LITERAL', 'PREFIXED', 'MATCH']}
            labels={{ MATCH: 'MATCH (applies to name)' }}
            onChange={(v) => set({ pattern: v })}
          />
          <FilterSelect label="Operation" value={raw.operation} options={ACL_OPERATIONS} onChange={(v) => set({ op: v })} />
          <FilterSelect label="Permission" value={raw.permission} options={['ALLOW', 'DENY']} onChange={(v) => set({ perm: v })} />
          <FilterInput label="Host" value={raw.host} placeholder="*" onChange={(v) => set({ host: v })} />
          {filtered && (
            <Button variant="ghost" onClick={() => set(Object.fromEntries(Object.keys(PARAMS).map((k) => [k, null])))}>
              Clear filters
            </Button>
          )}
        </form>
        {!parsed.success ? (
          <div className="p-4">
            <ErrorState title="This filter is not valid" reason={parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')} />
          </div>
        ) : query.isPending ? (
          <Loading label="Loading ACLs…" />
        ) : query.error && !query.data ? (
          <div className="p-4">
            <SecurityError error={query.error} what="the ACLs" />
          </div>
        ) : query.data!.acls.length === 0 ? (
          <EmptyState title={filtered ? 'No ACL matches this filter' : 'No ACLs yet'}>
            {filtered ? 'Change or clear the filter.' : 'With allow.everyone.if.no.acl.found=false, only super users can do anything until ACLs allow others.'}
          </EmptyState>
        ) : (
          <>
            <p className="px-4 pt-3 text-xs text-muted" aria-live="polite">
              {query.data!.acls.length} ACL{query.data!.acls.length === 1 ? '' : 's'}
              {query.error ? ` · stale: ${query.error.message}` : ''}
            </p>
            <AclTable acls={query.data!.acls} onRemove={canChange ? (a) => setRemoving(a) : undefined} />
          </>
        )}
      </Card>
      <CliPreview command={aclCommand('list', bootstrap, { principal: raw.principal, resourceType: raw.resourceType as never, resourceName: raw.resourceName, patternType: raw.patternType })} />
      {creating && <CreateAclDialog cluster={cluster} open={creating} onOpenChange={setCreating} initial={raw.resourceType && raw.resourceType !== 'CLUSTER' ? { resourceType: raw.resourceType as never } : undefined} />}
      <DeleteAclsDialog cluster={cluster} filter={removing} onClose={() => setRemoving(null)} />
    </div>
  );
}

function FilterInput({ label, value, placeholder, onChange }: { label: string; value?: string; placeholder?: string; onChange: (v: string | null) => void }) {
  const [draft, setDraft] = useState(value ?? '');
  const id = `acl-filter-${label.toLowerCase().replace(/\s+/g, '-')}`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs text-muted">
        {label}
      </label>
      <input
        id={id}
        className={`${inputBase} w-40`}
        value={draft}
        placeholder={placeholder}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => onChange(draft.trim() || null)}
        onKeyDown={(e) => e.key === 'Enter' && onChange(draft.trim() || null)}
      />
    </div>
  );
}

function FilterSelect({ label, value, options, labels = {}, onChange }: { label: string; value?: string; options: readonly string[]; labels?: Record<string, string>; onChange: (v: string | null) => void }) {
  const id = `acl-filter-${label.toLowerCase().replace(/\s+/g, '-')}`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs text-muted">
        {label}
      </label>
      <select id={id} className={selectClass} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {labels[o] ?? o}
          </option>
        ))}
      </select>
    </div>
  );
}
