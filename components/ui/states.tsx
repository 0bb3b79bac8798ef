import { AlertTriangle, Inbox, Loader2 } from 'lucide-react';
import { cn } from './cn';

export function Loading({ label = 'Loading…', className }: { label?: string; className?: string }) {
  return (
    <div role="status" aria-live="polite" className={cn('flex items-center gap-2 px-4 py-6 text-muted', className)}>
      <Loader2 aria-hidden className="size-4 animate-spin" />
      {label}
    </div>
  );
}

export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={cn('animate-pulse rounded bg-surface-2', className)} />;
}

export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-2 px-4 py-10 text-center text-muted">
      <Inbox aria-hidden className="size-6" />
      <p className="font-medium text-fg">{title}</p>
      {children && <div className="max-w-md text-xs">{children}</div>}
    </div>
  );
}

export function ErrorState({ title = 'Could not load this', reason, action }: { title?: string; reason: string; action?: React.ReactNode }) {
  return (
    <div role="alert" className="flex items-start gap-3 rounded-md border border-bad/40 bg-bad/5 px-4 py-3">
      <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0 text-bad" />
      <div className="min-w-0">
        <p className="font-medium text-bad">{title}</p>
        <p className="mt-0.5 break-words text-xs text-muted">{reason}</p>
        {action && <div className="mt-2">{action}</div>}
      </div>
    </div>
  );
}
