'use client';
import { LogOut, UserRound } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import type { MeResponse } from '@/lib/contracts/auth';
import { signOutRequest } from '@/lib/client/use-session';
import { StatusBadge } from '@/components/ui/status-badge';

/** Who is signed in, with what role, and sign-out; or a plain warning when authentication is off. */
export function UserMenu({ me }: { me: MeResponse }) {
  const [busy, setBusy] = useState(false);
  const router = useRouter();
  if (!me.authEnabled) {
    return (
      <StatusBadge tone="warn">
        <span data-testid="auth-off">Authentication off · loopback only · everyone is admin</span>
      </StatusBadge>
    );
  }
  if (!me.principal) return null;
  const signOut = async () => {
    setBusy(true);
    try {
      await signOutRequest();
      router.replace('/login');
      router.refresh();
    } catch (err) {
      setBusy(false);
      toast.error(`Could not sign out: ${(err as Error).message}`);
    }
  };
  return (
    <div className="flex items-center gap-2 text-xs" data-testid="user-menu">
      <UserRound aria-hidden className="size-4 text-muted" />
      <span className="font-medium" data-testid="user-name">
        {me.principal.name}
      </span>
      <StatusBadge tone={me.principal.role === 'admin' ? 'info' : 'neutral'}>
        <span data-testid="user-role">{me.principal.role}</span>
      </StatusBadge>
      <button
        type="button"
        onClick={signOut}
        disabled={busy}
        className="inline-flex items-center gap-1 rounded-md border border-border px-2 py-1 text-muted hover:bg-surface-2 hover:text-fg focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none disabled:opacity-50"
      >
        <LogOut aria-hidden className="size-3.5" />
        Sign out
      </button>
    </div>
  );
}
