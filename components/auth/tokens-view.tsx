'use client';
import { Copy, KeyRound, Trash2 } from 'lucide-react';
import { Button, controlClass } from '@/components/ui/form';
import { useMemo, useState } from 'react';
import { toast } from 'sonner';
import { createTokenInput, type ApiTokenSummary, type RoleName } from '@/lib/contracts/auth';
import { useApiTokens, useCan, useCreateApiToken, useMe, useRevokeApiToken } from '@/lib/client/use-session';
import { Card, CardHeader } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { DataTable } from '@/components/ui/data-table';
import { createColumnHelper } from '@tanstack/react-table';

const col = createColumnHelper<ApiTokenSummary>();

const roleHelp: Record<RoleName, string> = {
  viewer: 'reads metadata and messages',
  operator: 'also produces messages and resets offsets',
  admin: 'also creates, deletes and alters topics, deletes groups, manages tokens',
};

/** Who you are, what your role allows, and (for admins) the API tokens scripts and CI use. */
export function TokensView() {
  const { data: me } = useMe();
  const isAdmin = useCan('admin');
  return (
    <>
      <PageHeader title="Access" description="Your identity and role, and the API tokens that scripts and CI use (Authorization: Bearer …)." />
      <Card className="mb-4">
        <CardHeader title="You" />
        <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1.5 px-4 py-3 text-xs">
          <dt className="text-muted">Signed in as</dt>
          <dd className="font-medium" data-testid="access-name">
            {me?.principal?.name ?? '…'}
          </dd>
          <dt className="text-muted">Role</dt>
          <dd data-testid="access-role">
            {me?.principal ? (
              <>
                <span className="font-medium">{me.principal.role}</span> — {roleHelp[me.principal.role]}
              </>
            ) : (
              '…'
            )}
          </dd>
          <dt className="text-muted">Authentication</dt>
          <dd>{me ? (me.authEnabled ? `on (${me.principal?.via ?? 'signed out'})` : 'off — loopback only, everyone is admin') : '…'}</dd>
        </dl>
      </Card>
      {isAdmin ? (
        <TokenAdmin />
      ) : (
        <Card>
          <CardHeader title="API tokens" />
          <EmptyState title="Only admins manage API tokens">Ask an admin for a token if a script or CI job needs to call the console.</EmptyState>
        </Card>
      )}
    </>
  );
}

function TokenAdmin() {
  const tokens = useApiTokens(true);
  const create = useCreateApiToken();
  const revoke = useRevokeApiToken();
  const { mutate: revokeToken, isPending: revoking } = revoke;
  const columns = useMemo(
    () => [
      col.accessor('name', { header: 'Name', meta: { className: 'font-medium' } }),
      col.accessor('role', { header: 'Role', cell: (c) => <StatusBadge tone={c.getValue() === 'admin' ? 'info' : 'neutral'}>{c.getValue()}</StatusBadge> }),
      col.accessor('prefix', { header: 'Starts with', meta: { className: 'font-mono' }, cell: (c) => `${c.getValue()}…` }),
      col.accessor('createdBy', { header: 'Made by' }),
      col.accessor('expiresAt', { header: 'Expires', meta: { className: 'tabular' }, cell: (c) => (c.getValue() ? new Date(c.getValue()!).toLocaleDateString('en-GB') : 'never') }),
      col.accessor('lastUsedAt', { header: 'Last used', meta: { className: 'tabular' }, cell: (c) => (c.getValue() ? new Date(c.getValue()!).toLocaleString('en-GB') : 'never') }),
      col.display({
        id: 'actions',
        header: () => <span className="sr-only">Actions</span>,
        meta: { align: 'right', label: 'Actions' },
        cell: ({ row: { original: t } }) => (
          <ConfirmDialog
            trigger={
              <Button size="sm" variant="danger-outline" aria-label={`Revoke token ${t.name}`} disabled={revoking}>
                <Trash2 aria-hidden className="size-3.5" /> Revoke
              </Button>
            }
            title={`Revoke token ${t.name}`}
            description="Scripts using it stop working at once. The revocation is audited."
            confirmLabel="Revoke"
            pending={revoking}
            onConfirm={() =>
              new Promise<void>((resolve, reject) =>
                revokeToken(t.id, {
                  onSuccess: () => {
                    toast.success(`Revoked ${t.name}`);
                    resolve();
                  },
                  onError: reject,
                }),
              )
            }
          />
        ),
      }),
    ],
    [revokeToken, revoking],
  );
  const [fresh, setFresh] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const onCreate = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const days = String(f.get('expires') ?? '');
    const parsed = createTokenInput.safeParse({ name: f.get('name'), role: f.get('role'), ...(days ? { expiresInDays: Number(days) } : {}) });
    if (!parsed.success) {
      setError(parsed.error.issues[0]!.message);
      return;
    }
    setError(null);
    const form = e.currentTarget;
    create.mutate(parsed.data, {
      onSuccess: (r) => {
        setFresh({ name: r.summary.name, token: r.token });
        form.reset();
      },
      onError: (err) => setError(err.message),
    });
  };

  return (
    <Card>
      <CardHeader title="API tokens" description="A token acts with its role. It is shown once, when made; only its SHA-256 is stored." />
      <form onSubmit={onCreate} className="flex flex-wrap items-end gap-3 border-b border-border px-4 py-3" aria-label="New API token">
        <label className="flex flex-col gap-1 text-xs text-muted">
          Name
          <input name="name" className={controlClass} placeholder="ci-deploy" />
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          Role
          <select name="role" className={controlClass} defaultValue="viewer">
            <option value="viewer">viewer</option>
            <option value="operator">operator</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          Expires after
          <select name="expires" className={controlClass} defaultValue="90">
            <option value="7">7 days</option>
            <option value="30">30 days</option>
            <option value="90">90 days</option>
            <option value="365">365 days</option>
            <option value="">never</option>
          </select>
        </label>
        <button type="submit" disabled={create.isPending} className="inline-flex items-center gap-1.5 rounded-md bg-accent px-3 py-1 text-xs font-medium text-accent-fg disabled:opacity-60">
          <KeyRound aria-hidden className="size-3.5" />
          Create token
        </button>
        {error && (
          <p role="alert" className="w-full text-xs text-bad">
            {error}
          </p>
        )}
      </form>
      {fresh && (
        <div role="status" className="flex flex-wrap items-center gap-2 border-b border-border bg-ok/5 px-4 py-2 text-xs">
          <span>
            Token <b>{fresh.name}</b> (copy it now, it is not shown again):
          </span>
          <code className="rounded bg-surface-2 px-1.5 py-0.5 font-mono break-all" data-testid="new-token">
            {fresh.token}
          </code>
          <button
            type="button"
            className="inline-flex items-center gap-1 text-accent"
            onClick={() => void navigator.clipboard.writeText(fresh.token).then(() => toast.success('Copied'), () => toast.error('Could not copy'))}
          >
            <Copy aria-hidden className="size-3.5" /> Copy
          </button>
        </div>
      )}
      <DataTable
        label="API tokens"
        data={tokens.data?.tokens}
        columns={columns}
        getRowId={(t) => String(t.id)}
        isPending={tokens.isPending}
        loadingLabel="Loading tokens…"
        error={tokens.error}
        errorTitle="Could not load the tokens"
        empty={{ title: 'No API tokens yet', body: 'Create one above for a script or CI job.' }}
        testId="token-table"
        rowTestId="token-row"
        tableClassName="text-xs"
        dense
      />
    </Card>
  );
}
