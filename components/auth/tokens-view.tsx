'use client';
import { Copy, KeyRound, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { createTokenInput, type RoleName } from '@/lib/contracts/auth';
import { useApiTokens, useCan, useCreateApiToken, useMe, useRevokeApiToken } from '@/lib/client/use-session';
import { Card, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';

const fieldClass = 'rounded-md border border-border bg-bg px-2 py-1 text-xs outline-none focus-visible:ring-2 focus-visible:ring-accent';

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
          <input name="name" className={fieldClass} placeholder="ci-deploy" />
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          Role
          <select name="role" className={fieldClass} defaultValue="viewer">
            <option value="viewer">viewer</option>
            <option value="operator">operator</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          Expires after
          <select name="expires" className={fieldClass} defaultValue="90">
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
      {tokens.isPending ? (
        <Loading label="Loading tokens…" />
      ) : tokens.error ? (
        <div className="p-4">
          <ErrorState title="Could not load the tokens" reason={tokens.error.message} />
        </div>
      ) : tokens.data.tokens.length === 0 ? (
        <EmptyState title="No API tokens yet">Create one above for a script or CI job.</EmptyState>
      ) : (
        <table className="w-full text-left text-xs" data-testid="token-table">
          <thead className="border-b border-border text-muted">
            <tr>
              <th className="px-4 py-2 font-medium">Name</th>
              <th className="px-4 py-2 font-medium">Role</th>
              <th className="px-4 py-2 font-medium">Starts with</th>
              <th className="px-4 py-2 font-medium">Made by</th>
              <th className="px-4 py-2 font-medium">Expires</th>
              <th className="px-4 py-2 font-medium">Last used</th>
              <th className="px-4 py-2" />
            </tr>
          </thead>
          <tbody>
            {tokens.data.tokens.map((t) => (
              <tr key={t.id} className="border-b border-border/60 last:border-0" data-testid="token-row">
                <td className="px-4 py-1.5 font-medium">{t.name}</td>
                <td className="px-4 py-1.5">
                  <StatusBadge tone={t.role === 'admin' ? 'info' : 'neutral'}>{t.role}</StatusBadge>
                </td>
                <td className="px-4 py-1.5 font-mono">{t.prefix}…</td>
                <td className="px-4 py-1.5">{t.createdBy}</td>
                <td className="px-4 py-1.5 tabular">{t.expiresAt ? new Date(t.expiresAt).toLocaleDateString('en-GB') : 'never'}</td>
                <td className="px-4 py-1.5 tabular">{t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString('en-GB') : 'never'}</td>
                <td className="px-4 py-1.5 text-right">
                  <button
                    type="button"
                    aria-label={`Revoke token ${t.name}`}
                    disabled={revoke.isPending}
                    onClick={() => {
                      if (!window.confirm(`Revoke token "${t.name}"? Scripts using it stop working at once.`)) return;
                      revoke.mutate(t.id, { onSuccess: () => toast.success(`Revoked ${t.name}`), onError: (err) => toast.error(err.message) });
                    }}
                    className="inline-flex items-center gap-1 rounded-md border border-border px-2 py-0.5 text-bad hover:bg-bad/10"
                  >
                    <Trash2 aria-hidden className="size-3.5" /> Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
