'use client';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Check, ChevronsUpDown, Lock } from 'lucide-react';
import { usePathname, useRouter } from 'next/navigation';
import { useClusters } from '@/lib/client/use-clusters';
import { clusterPath } from './nav-items';

export function ClusterPicker({ cluster }: { cluster: string }) {
  const { data } = useClusters();
  const router = useRouter();
  const pathname = usePathname();
  const clusters = data?.clusters ?? [];
  const current = clusters.find((c) => c.id === cluster);

  function switchTo(id: string) {
    // Keep the same section (topics, groups…) on the other cluster; drop cluster-specific parts.
    const section = pathname.split('/')[3] ?? '';
    router.push(clusterPath(id, section));
  }

  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        aria-label="Choose cluster"
        className="flex min-w-44 items-center justify-between gap-2 rounded-md border border-border bg-surface px-2.5 py-1.5 text-left text-[13px] hover:bg-surface-2 focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
      >
        <span className="flex min-w-0 flex-col">
          <span className="text-[10px] uppercase tracking-wide text-muted">Cluster</span>
          <span className="truncate font-medium" data-testid="current-cluster">
            {current?.name ?? cluster}
          </span>
        </span>
        <ChevronsUpDown aria-hidden className="size-4 text-muted" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="start"
          sideOffset={4}
          className="z-50 min-w-56 rounded-md border border-border bg-surface p-1 shadow-lg"
        >
          {clusters.map((c) => (
            <DropdownMenu.Item
              key={c.id}
              onSelect={() => switchTo(c.id)}
              className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-[13px] outline-none data-[highlighted]:bg-surface-2"
            >
              <Check aria-hidden className={c.id === cluster ? 'size-4 text-accent' : 'size-4 opacity-0'} />
              <span className="flex-1">
                {c.name}
                <span className="block font-mono text-[11px] text-muted">{c.brokers.join(', ')}</span>
              </span>
              {c.readOnly && (
                <span className="flex items-center gap-1 text-[11px] text-muted">
                  <Lock aria-hidden className="size-3" /> read-only
                </span>
              )}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
