import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { ThemeToggle } from '@/components/shell/theme-toggle';
import { ssoErrorMessage } from '@/lib/contracts/auth';
import { pagePrincipal, safeNext } from '@/lib/server/auth/page-session';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const next = safeNext(sp.next);
  const me = await pagePrincipal();
  // A token in the link is for the form to use, even when a session already exists.
  if ((me.principal || !me.authEnabled) && !sp.token) redirect(next);
  // Single sign-on came back with a failure: a fixed text per code (see SSO_ERROR_MESSAGES).
  const ssoError = ssoErrorMessage(typeof sp.sso_error === 'string' ? sp.sso_error : undefined);
  // A ?token= link signs in by itself only when the browser says nobody else's page opened it
  // (Sec-Fetch-Site: none: typed, pasted, or opened from the terminal's first-start link).
  // From another site it waits for a click: a crafted link must not sign a victim into the
  // attacker's session (login CSRF). Browsers that don't send the header get the click too.
  const autoSignIn = (await headers()).get('sec-fetch-site') === 'none';
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4">
      <div className="absolute top-3 right-3">
        <ThemeToggle />
      </div>
      <div className="w-full max-w-sm rounded-lg border border-border bg-surface p-6 shadow-sm">
        <div className="mb-5 flex items-center gap-2">
          <svg aria-hidden viewBox="0 0 24 24" className="size-6 text-accent" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
            <path d="M3 7c3-3 6 3 9 0s6 3 9 0M3 12c3-3 6 3 9 0s6 3 9 0M3 17c3-3 6 3 9 0s6 3 9 0" />
          </svg>
          <div>
            <h1 className="text-base font-semibold tracking-tight">Sign in to Riffle</h1>
            <p className="text-xs text-muted">Kafka console · access is by role (viewer, operator, admin)</p>
          </div>
        </div>
        <LoginForm next={next} sso={me.sso} ssoError={ssoError} autoSignIn={autoSignIn} />
      </div>
      <p className="mt-4 max-w-sm text-center text-xs text-muted">
        First start? The console printed an admin sign-in link, and keeps the token in <code className="font-mono">.data/admin-token</code>.
      </p>
    </main>
  );
}
