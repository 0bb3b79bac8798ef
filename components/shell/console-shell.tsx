import Link from 'next/link';
import type { MeResponse } from '@/lib/contracts/auth';
import { UserMenu } from '@/components/auth/user-menu';
import { ClusterPicker } from './cluster-picker';
import { ConnectionBanner } from './connection-banner';
import { clusterPath } from './nav-items';
import { Sidebar } from './sidebar';
import { ThemeToggle } from './theme-toggle';

export function ConsoleShell({ cluster, me, children }: { cluster: string; me: MeResponse; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 hidden h-screen w-56 shrink-0 flex-col border-r border-border bg-surface md:flex">
        <Link href={clusterPath(cluster)} className="flex items-center gap-2 px-4 py-3.5 font-semibold tracking-tight">
          <svg aria-hidden viewBox="0 0 24 24" className="size-5 text-accent" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
            <path d="M3 7c3-3 6 3 9 0s6 3 9 0M3 12c3-3 6 3 9 0s6 3 9 0M3 17c3-3 6 3 9 0s6 3 9 0" />
          </svg>
          Riffle
        </Link>
        <Sidebar cluster={cluster} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-20 flex items-center gap-3 border-b border-border bg-surface/95 px-4 py-2 backdrop-blur">
          <ClusterPicker cluster={cluster} />
          <div className="flex-1" />
          <UserMenu me={me} />
          <ThemeToggle />
        </header>
        <ConnectionBanner cluster={cluster} />
        <main className="min-w-0 flex-1 px-6 py-5">{children}</main>
      </div>
    </div>
  );
}
