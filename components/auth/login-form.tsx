'use client';
import { KeyRound, LogIn, UserRound } from 'lucide-react';
import { useUrlState } from '@/lib/client/use-url-state';
import { inputClass } from '@/components/ui/form';
import { useEffect, useRef, useState } from 'react';
import { meResponse, signInInput } from '@/lib/contracts/auth';
import { apiFetch, ApiError } from '@/lib/client/api-fetch';
import { cn } from '@/components/ui/cn';

type Mode = 'password' | 'token';

/**
 * Sign in with a password or a token. `?token=` in the link (the first-start admin link) signs
 * in at once when `autoSignIn` (the page was not opened from another site), else it waits for
 * a click on a button that says where the token came from.
 */
export function LoginForm({ next, sso, ssoError = null, autoSignIn = false }: { next: string; sso: { label: string } | null; ssoError?: string | null; autoSignIn?: boolean }) {
  const [mode, setMode] = useState<Mode>('password');
  const [linkToken, setLinkToken] = useState<string | null>(null);
  const [ssoNote, setSsoNote] = useState(ssoError);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const autoTried = useRef(false);
  const { set: setUrl } = useUrlState();

  const submit = async (body: unknown) => {
    setError(null);
    setSsoNote(null);
    const parsed = signInInput.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues.find((i) => i.path.length) ?? parsed.error.issues[0]!;
      setError({ message: issue.message, field: String(issue.path[0] ?? '') });
      return;
    }
    setBusy(true);
    try {
      await apiFetch('/api/auth/login', meResponse, { method: 'POST', body: parsed.data });
      window.location.assign(next); // a full load, so the server renders the console signed in
    } catch (err) {
      setBusy(false);
      setError({ message: err instanceof ApiError ? err.message : 'the console server cannot be reached' });
    }
  };

  useEffect(() => {
    if (autoTried.current) return;
    autoTried.current = true;
    const token = new URLSearchParams(window.location.search).get('token');
    if (!token) return;
    // Take the token out of the address bar and history before using it.
    setUrl({ token: null });
    queueMicrotask(() => {
      setMode('token');
      if (autoSignIn) void submit({ token });
      else setLinkToken(token);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void submit(mode === 'password' ? { username: f.get('username'), password: f.get('password') } : { token: f.get('token') });
  };

  const tab = (m: Mode, label: string, Icon: typeof KeyRound) => (
    <button
      type="button"
      role="tab"
      aria-selected={mode === m}
      onClick={() => {
        setMode(m);
        setError(null);
      }}
      className={cn(
        'flex flex-1 items-center justify-center gap-1.5 rounded-md px-2 py-1.5 text-xs font-medium outline-none focus-visible:ring-2 focus-visible:ring-accent',
        mode === m ? 'bg-surface text-fg shadow-sm' : 'text-muted hover:text-fg',
      )}
    >
      <Icon aria-hidden className="size-3.5" />
      {label}
    </button>
  );

  return (
    <div className="flex flex-col gap-4">
      {ssoNote && (
        <p role="alert" data-testid="sso-error" className="rounded-md border border-bad/40 bg-bad/5 px-2.5 py-1.5 text-xs text-bad">
          {ssoNote}
        </p>
      )}
      {linkToken && (
        <div data-testid="link-token" className="flex flex-col gap-2 rounded-md border border-border bg-surface-2 px-2.5 py-2 text-xs">
          <p>
            The link you followed carries a sign-in token. It was opened from another page, so the console did not use it by
            itself: sign in with it only if you asked for this link.
          </p>
          <button
            type="button"
            disabled={busy}
            onClick={() => void submit({ token: linkToken })}
            className="inline-flex items-center justify-center gap-1.5 rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg hover:opacity-90 focus-visible:ring-2 focus-visible:ring-accent focus-visible:ring-offset-2 focus-visible:outline-none disabled:opacity-60"
          >
            <KeyRound aria-hidden className="size-4" />
            Sign in with the token from the link
          </button>
        </div>
      )}
      <div role="tablist" aria-label="How to sign in" className="flex gap-1 rounded-lg bg-surface-2 p-1">
        {tab('password', 'User and password', UserRound)}
        {tab('token', 'Token', KeyRound)}
      </div>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3" aria-describedby={error ? 'login-error' : undefined}>
        {mode === 'password' ? (
          <>
            <label className="flex flex-col gap-1 text-xs font-medium">
              User name
              <input name="username" autoComplete="username" autoFocus className={inputClass} aria-invalid={error?.field === 'username'} />
            </label>
            <label className="flex flex-col gap-1 text-xs font-medium">
              Password
              <input name="password" type="password" autoComplete="current-password" className={inputClass} aria-invalid={error?.field === 'password'} />
            </label>
          </>
        ) : (
          <label className="flex flex-col gap-1 text-xs font-medium">
            Token
            <input name="token" type="password" autoComplete="off" autoFocus className={cn(inputClass, 'font-mono')} aria-invalid={error?.field === 'token'} />
            <span className="font-normal text-muted">An API token, or the admin token the console printed on first start.</span>
          </label>
        )}
        {error && (
          <p id="login-error" role="alert" className="rounded-md border border-bad/40 bg-bad/5 px-2.5 py-1.5 text-xs text-bad">
            {error.message}
          </p>
        )}
        <button
          type="submit"
          disabled={busy}
          className="inline-flex items-center justify-center gap-1.5 rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg hover:opacity-90 focus-visible:ring-2 focus-visible:ring-accent focus-visible:ring-offset-2 focus-visible:outline-none disabled:opacity-60"
        >
          <LogIn aria-hidden className="size-4" />
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {sso && (
        <>
          <div className="flex items-center gap-2 text-xs text-muted">
            <span className="h-px flex-1 bg-border" /> or <span className="h-px flex-1 bg-border" />
          </div>
          <a
            href={next === '/' ? '/api/auth/oidc/login' : `/api/auth/oidc/login?next=${encodeURIComponent(next)}`}
            className="inline-flex items-center justify-center rounded-md border border-border px-3 py-1.5 text-sm font-medium hover:bg-surface-2 focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
          >
            {sso.label}
          </a>
        </>
      )}
    </div>
  );
}
