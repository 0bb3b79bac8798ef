'use client';
import { diffLines } from 'diff';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { toast } from 'sonner';
import type { SchemaVersion } from '@/lib/contracts/schemas';
import { useDeleteSchema, useSchemaVersion, useSetCompatibility, useSubject } from '@/lib/client/use-schemas';
import { useCan } from '@/lib/client/use-session';
import { Card, CardHeader } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Button, controlClass } from '@/components/ui/form';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { clusterPath } from '@/components/shell/nav-items';
import { useReadOnly } from '@/lib/client/use-read-only';
import { useUrlState } from '@/lib/client/use-url-state';
import { RegisterSchemaDialog } from './register-schema-dialog';
import { CompatibilitySelect, subjectPath } from './subjects-view';

/** Pretty text for reading and diffing: JSON schemas indented alike, Protobuf as written. */
function readable(v: SchemaVersion): string {
  if (v.schemaType === 'PROTOBUF') return v.schema;
  try {
    return JSON.stringify(JSON.parse(v.schema), null, 2);
  } catch {
    return v.schema;
  }
}

/** One subject: its versions (?v=), a diff between any two (?a=&b=), references, compatibility, register and delete. */
export function SubjectView({ cluster, subject }: { cluster: string; subject: string }) {
  const { params, set } = useUrlState();
  const q = useSubject(cluster, subject);
  const canAdmin = useCan('admin');
  const readOnly = useReadOnly(cluster);
  const admin = canAdmin && !readOnly;
  const [registering, setRegistering] = useState(false);
  const d = q.data;
  const latest = d?.versions[d.versions.length - 1] ?? null;
  const shown = Number(params.get('v')) || latest;
  const version = useSchemaVersion(cluster, subject, shown ?? null);
  const setLevel = useSetCompatibility(cluster, subject);

  return (
    <>
      <PageHeader
        title={<span className="font-mono">{subject}</span>}
        description={
          <>
            <Link className="text-accent hover:underline" href={clusterPath(cluster, 'schemas')}>
              Schemas
            </Link>{' '}
            / {subject}
          </>
        }
        actions={
          admin && d ? (
            <div className="flex gap-2">
              <Button variant="primary" onClick={() => setRegistering(true)}>
                Register new version…
              </Button>
              <DeleteDialog cluster={cluster} subject={subject} version={null} soft={d.versions.length > 0} />
            </div>
          ) : undefined
        }
      />
      {registering && d && (
        <RegisterSchemaDialog
          cluster={cluster}
          subject={subject}
          open={registering}
          onOpenChange={setRegistering}
          initial={d.latest ? { schema: readable(d.latest), schemaType: d.latest.schemaType, references: JSON.stringify(d.latest.references) } : undefined}
        />
      )}
      {q.isPending ? (
        <Skeleton className="h-60" />
      ) : q.error ? (
        <ErrorState title={`Could not read subject ${subject}`} reason={q.error.message} />
      ) : (
        <div className="grid gap-4">
          <Card>
            <div className="flex flex-wrap items-center gap-4 px-4 py-3 text-xs">
              {d!.latest && <StatusBadge tone="info">{d!.latest.schemaType}</StatusBadge>}
              <span className="tabular">
                {d!.versions.length} versions{d!.deletedVersions.length ? ` (+${d!.deletedVersions.length} soft-deleted: ${d!.deletedVersions.join(', ')})` : ''}
              </span>
              {d!.latest && <span className="tabular">latest: version {d!.latest.version}, schema id {d!.latest.id}</span>}
              <CompatibilitySelect
                label="Compatibility"
                allowInherit
                value={d!.compatibility}
                disabled={!admin || setLevel.isPending}
                onChange={(v) => {
                  if (!v) return;
                  setLevel.mutate(v, { onSuccess: () => toast.success(`${subject}: compatibility ${v}`), onError: (e) => toast.error(e.message) });
                }}
              />
              {!d!.compatibility && <span className="text-muted">follows the global level ({d!.globalCompatibility ?? '—'})</span>}
            </div>
          </Card>
          {d!.versions.length === 0 ? (
            <Card>
              <EmptyState title="Every version of this subject is soft-deleted">Register a new version, or delete the subject for good.</EmptyState>
            </Card>
          ) : (
            <div className="grid gap-4 lg:grid-cols-[200px_1fr]">
              <Card>
                <CardHeader title="Versions" />
                <ul aria-label="Versions" className="max-h-[60vh] overflow-y-auto py-1 text-[13px]">
                  {[...d!.versions].reverse().map((v) => (
                    <li key={v}>
                      <button type="button" onClick={() => set({ v: String(v) })} className={`w-full px-4 py-1.5 text-left tabular hover:bg-surface-2 ${v === shown ? 'bg-surface-2 font-semibold' : ''}`}>
                        version {v}
                        {v === latest ? ' (latest)' : ''}
                      </button>
                    </li>
                  ))}
                </ul>
              </Card>
              <Card>
                <CardHeader
                  title={`Version ${shown}`}
                  description={version.data ? `schema id ${version.data.id} · ${version.data.schemaType}` : undefined}
                  actions={admin && shown ? <DeleteDialog cluster={cluster} subject={subject} version={shown} soft /> : undefined}
                />
                {version.isPending ? (
                  <Skeleton className="m-4 h-40" />
                ) : version.error ? (
                  <div className="p-4">
                    <ErrorState reason={version.error.message} />
                  </div>
                ) : (
                  <>
                    <pre data-testid="schema-text" className="max-h-[50vh] overflow-auto px-4 py-3 font-mono text-xs whitespace-pre">
                      {readable(version.data!)}
                    </pre>
                    <References cluster={cluster} v={version.data!} />
                  </>
                )}
              </Card>
            </div>
          )}
          {d!.versions.length > 1 && <VersionDiff cluster={cluster} subject={subject} versions={d!.versions} a={Number(params.get('a')) || d!.versions[d!.versions.length - 2]!} b={Number(params.get('b')) || latest!} onPick={(p) => set(p)} />}
          {d!.referencedBy.length > 0 && (
            <Card>
              <CardHeader title="Referenced by" description="Schema ids whose schemas import the latest version" />
              <p className="px-4 py-3 font-mono text-xs">{d!.referencedBy.join(', ')}</p>
            </Card>
          )}
        </div>
      )}
    </>
  );
}

function References({ cluster, v }: { cluster: string; v: SchemaVersion }) {
  if (v.references.length === 0) return null;
  return (
    <div className="border-t border-border px-4 py-3 text-xs">
      <p className="mb-1 font-medium">References</p>
      <ul>
        {v.references.map((r) => (
          <li key={r.name} className="font-mono">
            {r.name} →{' '}
            <Link className="text-accent hover:underline" href={`${subjectPath(cluster, r.subject)}?v=${r.version}`}>
              {r.subject} v{r.version}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

function VersionDiff({ cluster, subject, versions, a, b, onPick }: { cluster: string; subject: string; versions: number[]; a: number; b: number; onPick: (p: Record<string, string>) => void }) {
  const va = useSchemaVersion(cluster, subject, a);
  const vb = useSchemaVersion(cluster, subject, b);
  const parts = useMemo(() => (va.data && vb.data ? diffLines(readable(va.data), readable(vb.data)) : null), [va.data, vb.data]);
  const pick = (key: 'a' | 'b', value: number) => (
    <select aria-label={key === 'a' ? 'Diff from version' : 'Diff to version'} className={controlClass} value={value} onChange={(e) => onPick({ [key]: e.target.value })}>
      {versions.map((v) => (
        <option key={v} value={v}>
          version {v}
        </option>
      ))}
    </select>
  );
  return (
    <Card>
      <CardHeader
        title="Compare versions"
        actions={
          <div className="flex items-center gap-2 text-xs text-muted">
            {pick('a', a)} → {pick('b', b)}
          </div>
        }
      />
      {va.error || vb.error ? (
        <div className="p-4">
          <ErrorState reason={(va.error ?? vb.error)!.message} />
        </div>
      ) : !parts ? (
        <Skeleton className="m-4 h-32" />
      ) : (
        <pre data-testid="schema-diff" className="max-h-[50vh] overflow-auto py-2 font-mono text-xs">
          {parts.map((p, i) =>
            p.value
              .replace(/\n$/, '')
              .split('\n')
              .map((line, j) => (
                <div key={`${i}-${j}`} className={p.added ? 'bg-ok/10 px-4 text-ok' : p.removed ? 'bg-bad/10 px-4 text-bad' : 'px-4'}>
                  <span aria-hidden className="mr-2 select-none text-muted">
                    {p.added ? '+' : p.removed ? '−' : ' '}
                  </span>
                  <span className="sr-only">{p.added ? 'added: ' : p.removed ? 'removed: ' : ''}</span>
                  {line}
                </div>
              )),
          )}
        </pre>
      )}
    </Card>
  );
}

/** Soft delete first; a hard delete of what is soft-deleted after. Typed confirmation either way. */
function DeleteDialog({ cluster, subject, version, soft }: { cluster: string; subject: string; version: number | null; soft: boolean }) {
  const [permanent, setPermanent] = useState(!soft);
  const del = useDeleteSchema(cluster, subject);
  const router = useRouter();
  const what = version === null ? `subject ${subject}` : `version ${version} of ${subject}`;
  return (
    <ConfirmDialog
      trigger={<Button variant="danger-outline">{version === null ? 'Delete subject…' : 'Delete version…'}</Button>}
      title={`Delete ${what}`}
      description={`A soft delete hides it from producers looking up schemas; messages already written keep their ids and still decode. A hard delete (only after a soft one) removes it for good. Type ${version === null ? 'the subject' : 'the version number'} to confirm.`}
      confirmText={version === null ? subject : String(version)}
      typeLabel="Type to confirm"
      confirmLabel={permanent ? 'Delete for good' : 'Soft delete'}
      pending={del.isPending}
      onConfirm={() =>
        del.mutateAsync({ version, permanent }).then((r) => {
          toast.success(`${permanent ? 'Hard' : 'Soft'}-deleted ${what} (versions ${r.deleted.join(', ')})`);
          if (version === null) router.push(clusterPath(cluster, 'schemas'));
        })
      }
    >
      <label className="flex items-center gap-2 text-xs">
        <input type="checkbox" checked={permanent} onChange={(e) => setPermanent(e.target.checked)} /> Permanent (hard) delete
      </label>
    </ConfirmDialog>
  );
}
