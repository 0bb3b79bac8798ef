'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/components/ui/cn';
import { clusterPath, navItems } from './nav-items';

export function Sidebar({ cluster }: { cluster: string }) {
  const pathname = usePathname();
  const base = clusterPath(cluster);
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5 p-2">
      {navItems.map((item) => {
        const href = clusterPath(cluster, item.segment);
        const active = item.segment === '' ? pathname === base : pathname === href || pathname.startsWith(`${href}/`);
        const Icon = item.icon;
        return (
          <Link
            key={item.label}
            href={href}
            aria-current={active ? 'page' : undefined}
            className={cn(
              'flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-[13px] outline-none transition-colors focus-visible:ring-2 focus-visible:ring-accent',
              active ? 'bg-accent/10 font-medium text-accent' : 'text-muted hover:bg-surface-2 hover:text-fg',
            )}
          >
            <Icon aria-hidden className="size-4" />
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
