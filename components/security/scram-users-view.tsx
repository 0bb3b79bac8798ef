'use client';
import { KeyRound, Plus, Trash2 } from 'lucide-react';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { toast } from 'sonner';
import { scramCommand } from '@/lib/client/kafka-cli-security';
import { useCan } from '@/lib/client/use-session';
import { useCreateScramUser, useDeleteScramUser, useRotateScramPassword, useScramUsers } from '@/lib/client/use-security';
import { createScramUserInput, SCRAM_DEFAULT_ITERATIONS, SCRAM_MAX_ITERATIONS, SCRAM_MECHANISMS, SCRAM_MIN_ITERATIONS, type ScramMechanism, type ScramUser } from '@/lib/contracts/scram-users';
import { Card, CardHeader } from '@/components/ui/card';
import { formatCount } from '@/components/ui/format';
import { EmptyState, Loading } from '@/components/ui/states';
import { Button, CliPreview, Field, inputClass, zodFieldErrors, type FieldErrors, selectClass } from '@/components/ui/form';
import { Dialog } from '@/components/ui/dialog';
import { useReadOnly } from '@/lib/client/use-read-only';
import { SecurityError, serverFieldError, useBootstrap } from './shared';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DataTable } from '@/components/ui/data-table';

const col = createColumnHelper<ScramUser>();

/** SCRAM users: names, mechanisms and iterations only. Riffle never shows, keeps or logs a password. */
export function ScramUsersView({ cluster }: { cluster: string }) {
  const isAdmin = useCan('admin');
  const readOnly = useReadOnly(cluster);
  const query = useScramUsers(cluster, isAdmin);
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'rotate'; name: string; mechanism: ScramMechanism } | { kind: 'delete'; name: string } | null>(null);
  const columns = useMemo(
    () => [
      col.accessor('name', { header: 'User', meta: { className: 'font-mono text-xs' } }),
      col.display({
        id: 'credentials',
        header: 'Credentials (mechanism · iterations)',
        meta: { className: 'text-xs' },
        cell: ({ row: { original: u } }) =>
          u.credentials.map((c) => (
            <span key={c.mechanism} className="mr-3 inline-block">
              {c.mechanism} · {formatCount(c.iterations)} iterations
            </span>
          )),
      }),
      ...(readOnly
        ? []
        : [
            col.display({
              id: 'actions',
              header: () => <span className="sr-only">Actions</span>,
              meta: { align: 'right' as const, className: 'whitespace-nowrap', label: 'Actions' },
              cell: ({ row: { original: u } }) => (
                <>
                  <Button variant="ghost" onClick={() => setDialog({ kind: 'rotate', name: u.name, mechanism: u.credentials[0]?.mechanism ?? 'SCRAM-SHA-512' })}>
                    <KeyRound aria-hidden className="size-3.5" /> Rotate password
                  </Button>
                  <Button variant="ghost" onClick={() => setDialog({ kind: 'delete', name: u.name })}>
                    <Trash2 aria-hidden className="size-3.5" /> Delete
                  </Button>
                </>
              ),
            }),
          ]),
    ],
    [readOnly],
  );

  if (!isAdmin) {
    return (
      <EmptyState title="SCRAM users are for admins">Credentials, even their names and mechanisms, are shown to the admin role only. You can read ACLs and quotas.</EmptyState>
    );
  }
  return (
    <Card>
      <CardHeader
        title="SCRAM users"
        description="Users that sign in with SASL/SCRAM. Passwords go to the broker as salted hashes; Riffle never shows, stores or logs one."
        actions={
          !readOnly && (
            <Button variant="primary" onClick={() => setDialog({ kind: 'create' })}>
              <Plus aria-hidden className="size-3.5" /> Add user
            </Button>
          )
        }
      />
      {query.isPending ? (
        <Loading label="Loading SCRAM users…" />
      ) : query.error ? (
        <div className="p-4">
          <SecurityError error={query.error} what="the SCRAM users" />
        </div>
      ) : (
        <DataTable
          label="SCRAM users"
          data={query.data.users}
          columns={columns}
          getRowId={(u) => u.name}
          rowTestId="scram-user-row"
          empty={{ title: 'No SCRAM users', body: 'This cluster has no SCRAM credentials (it may not use SASL/SCRAM at all).' }}
        />
      )}
      {dialog?.kind === 'create' && <CredentialDialog cluster={cluster} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'rotate' && <CredentialDialog cluster={cluster} rotate={{ name: dialog.name, mechanism: dialog.mechanism }} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'delete' && <DeleteUserDialog cluster={cluster} name={dialog.name} onClose={() => setDialog(null)} />}
    </Card>
  );
}

function CredentialDialog({ cluster, rotate, onClose }: { cluster: string; rotate?: { name: string; mechanism: ScramMechanism }; onClose: () => void }) {
  const bootstrap = useBootstrap(cluster);
  const create = useCreateScramUser(cluster);
  const rotateMutation = useRotateScramPassword(cluster);
  const [form, setForm] = useState({ name: rotate?.name ?? '', mechanism: rotate?.mechanism ?? ('SCRAM-SHA-512' as ScramMechanism), iterations: String(SCRAM_DEFAULT_ITERATIONS), password: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const pending = create.isPending || rotateMutation.isPending;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = createScramUserInput.safeParse(form);
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error.issues));
    setErrors({});
    try {
      if (rotate) await rotateMutation.mutateAsync({ name: rotate.name, mechanism: parsed.data.mechanism, iterations: parsed.data.iterations, password: parsed.data.password });
      else await create.mutateAsync(parsed.data);
      toast.success(rotate ? `New password set for ${rotate.name}` : `User ${parsed.data.name} created`);
      onClose();
    } catch (err) {
      const f = serverFieldError(err);
      if (f) setErrors({ [f.field]: f.message });
    }
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={rotate ? `Rotate the password of ${rotate.name}` : 'Add a SCRAM user'} description={rotate ? 'Clients signed in keep their connections; new sign-ins need the new password.' : 'The user can sign in at once; what it may do is up to its ACLs.'}>
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        {!rotate && (
          <Field id="scram-name" label="User name" hint="ACLs name it as User:<name>" error={errors.name}>
            <input id="scram-name" className={inputClass} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} aria-invalid={!!errors.name} autoComplete="off" />
          </Field>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="scram-mechanism" label="Mechanism" error={errors.mechanism}>
            <select id="scram-mechanism" className={selectClass} value={form.mechanism} onChange={(e) => setForm({ ...form, mechanism: e.target.value as ScramMechanism })}>
              {SCRAM_MECHANISMS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </Field>
          <Field id="scram-iterations" label="Iterations" hint={`${formatCount(SCRAM_MIN_ITERATIONS)}–${formatCount(SCRAM_MAX_ITERATIONS)}; more is slower to guess and to sign in`} error={errors.iterations}>
            <input id="scram-iterations" inputMode="numeric" className={inputClass} value={form.iterations} onChange={(e) => setForm({ ...form, iterations: e.target.value })} aria-invalid={!!errors.iterations} />
          </Field>
        </div>
        <Field id="scram-password" label={rotate ? 'New password' : 'Password'} hint="at least 8 characters; it is sent to the broker as a salted hash and not kept by Riffle" error={errors.password}>
          <input id="scram-password" type="password" className={inputClass} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} aria-invalid={!!errors.password} autoComplete="new-password" />
        </Field>
        <CliPreview command={scramCommand('add', bootstrap, { name: form.name, mechanism: form.mechanism, iterations: Number(form.iterations) || SCRAM_DEFAULT_ITERATIONS })} />
        {errors.form && (
          <p role="alert" className="text-xs text-bad">
            {errors.form}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? 'Saving…' : rotate ? 'Set new password' : 'Add user'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function DeleteUserDialog({ cluster, name, onClose }: { cluster: string; name: string; onClose: () => void }) {
  const bootstrap = useBootstrap(cluster);
  const remove = useDeleteScramUser(cluster);
  return (
    <ConfirmDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Delete ${name}`}
      description="Its SCRAM credentials are removed: new sign-ins fail. Its ACLs stay until you remove them."
      confirmLabel={`Delete ${name}`}
      pendingLabel="Deleting…"
      pending={remove.isPending}
      onConfirm={() => remove.mutateAsync(name).then(() => toast.success(`User ${name} deleted`))}
    >
      <CliPreview command={scramCommand('delete', bootstrap, { name, mechanism: 'SCRAM-SHA-512' })} />
    </ConfirmDialog>
  );
}
