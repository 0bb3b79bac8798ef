'use client';
import Link from 'next/link';
import { Search } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { compatibilityLevel, type CompatibilityLevel } from '@/lib/contracts/schemas';
import { useSetCompatibility, useSubjects } from '@/lib/client/use-schemas';
import { useCan } from '@/lib/client/use-session';
import { Card } from '@/components/ui/card';
import { Button, controlClass } from '@/components/ui/form';
import { formatCount } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';
import { clusterPath } from '@/components/shell/nav-items';
import { useReadOnly } from '@/lib/client/use-read-only';
import { useUrlState } from '@/lib/client/use-url-state';
import { RegisterSchemaDialog } from './register-schema-dialog';

const PAGE = 50;

export function subjectPath(cluster: string, subject: string): string {
  return clusterPath(cluster, `schemas/${encodeURIComponent(subject)}`);
}

/** The registry's subjects: search and paging in the URL, format, latest version, compatibility. */
export function SubjectsView({ cluster }: { cluster: string }) {
  const { params, set } = useUrlState();
  const search = params.get('search') ?? '';
  const cursor = Number(params.get('cursor') ?? 0) || 0;
  const q = useSubjects(cluster, { search: search || undefined, cursor, limit: PAGE });
  const canAdmin = useCan('admin');
  const readOnly = useReadOnly(cluster);
  const admin = canAdmin && !readOnly;
  const [creating, setCreating] = useState(false);
  const data = q.data;

  return (
    <>
      <PageHeader
        title="Schemas"
        description={data ? <>Subjects of the Schema Registry at <span className="font-mono">{data.registryUrl}</span>: Avro, Protobuf and JSON Schema.</> : 'Subjects of this cluster’s Schema Registry.'}
        actions={admin ? <Button variant="primary" onClick={() => setCreating(true)}>New subject…</Button> : undefined}
      />
      {creating && <RegisterSchemaDialog cluster={cluster} subject={null} open={creating} onOpenChange={setCreating} />}
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <label className="relative">
          <span className="sr-only">Search subjects</span>
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2 size-3.5 -translate-y-1/2 text-muted" />
          <input
            type="search"
            placeholder="Search subjects"
            defaultValue={search}
            onChange={(e) => set({ search: e.target.value, cursor: null })}
            className="h-8 w-72 rounded-md border border-border bg-surface pr-2 pl-7 text-[13px] outline-none focus:border-accent"
          />
        </label>
        {data && <GlobalCompatibility cluster={cluster} level={data.globalCompatibility} admin={admin} />}
        {data && (
          <span className="ml-auto text-xs text-muted tabular">
            {formatCount(data.total)} subjects{data.total > PAGE ? ` · ${cursor + 1}–${cursor + data.subjects.length}` : ''}
          </span>
        )}
      </div>
      {q.isPending ? (
        <Skeleton className="h-40" />
      ) : q.error ? (
        <ErrorState title="Could not read the Schema Registry" reason={q.error.message} />
      ) : data!.subjects.length === 0 ? (
        <Card>
          <EmptyState title={search ? `No subject matches “${search}”` : 'No subjects yet'}>
            {search ? 'Try another search.' : 'Register a schema here, or let a producer with a schema-registry serializer register one.'}
          </EmptyState>
        </Card>
      ) : (
        <Card className="overflow-x-auto">
          <Table data-testid="subjects-table">
            <THead>
              <TR>
                <TH>Subject</TH>
                <TH>Format</TH>
                <TH align="right">Latest version</TH>
                <TH align="right">Schema id</TH>
                <TH align="right">Versions</TH>
                <TH>Compatibility</TH>
              </TR>
            </THead>
            <TBody>
              {data!.subjects.map((s) => (
                <TR key={s.subject}>
                  <TD className="font-mono">
                    <Link className="text-accent hover:underline" href={subjectPath(cluster, s.subject)}>
                      {s.subject}
                    </Link>
                    {s.error && <p className="text-xs text-bad">{s.error}</p>}
                  </TD>
                  <TD>{s.format ? <StatusBadge tone="info">{s.format}</StatusBadge> : '—'}</TD>
                  <TD align="right">{s.latestVersion ?? '—'}</TD>
                  <TD align="right">{s.latestId ?? '—'}</TD>
                  <TD align="right">{formatCount(s.versions)}</TD>
                  <TD className="text-xs">{s.compatibility ?? <span className="text-muted">{data!.globalCompatibility ?? '—'} (global)</span>}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
      {data && (cursor > 0 || data.nextCursor !== null) && (
        <div className="mt-3 flex gap-2">
          <Button disabled={cursor === 0} onClick={() => set({ cursor: String(Math.max(0, cursor - PAGE)) })}>
            Previous
          </Button>
          <Button disabled={data.nextCursor === null} onClick={() => set({ cursor: String(data.nextCursor) })}>
            Next
          </Button>
        </div>
      )}
    </>
  );
}

export function CompatibilitySelect({ value, onChange, label, disabled, allowInherit }: { value: CompatibilityLevel | null; onChange: (v: CompatibilityLevel | null) => void; label: string; disabled?: boolean; allowInherit?: boolean }) {
  return (
    <label className="flex items-center gap-1.5 text-xs text-muted">
      {label}
      <select className={controlClass} value={value ?? ''} disabled={disabled} onChange={(e) => onChange(e.target.value ? (e.target.value as CompatibilityLevel) : null)}>
        {allowInherit && <option value="">global</option>}
        {!allowInherit && value === null && <option value="">—</option>}
        {compatibilityLevel.options.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}

function GlobalCompatibility({ cluster, level, admin }: { cluster: string; level: CompatibilityLevel | null; admin: boolean }) {
  const set = useSetCompatibility(cluster, null);
  return (
    <CompatibilitySelect
      label="Global compatibility"
      value={level}
      disabled={!admin || set.isPending}
      onChange={(v) => {
        if (!v) return;
        set.mutate(v, { onSuccess: () => toast.success(`Global compatibility is now ${v}`), onError: (e) => toast.error(e.message) });
      }}
    />
  );
}
