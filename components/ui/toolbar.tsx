import { Search } from 'lucide-react';
import { cn } from './cn';
import { controlClass } from './form';

/** The one row of filters and actions above a list. */
export function Toolbar({ children, className, label }: { children: React.ReactNode; className?: string; label?: string }) {
  return (
    <div role="toolbar" aria-label={label} className={cn('mb-3 flex flex-wrap items-center gap-2 text-xs', className)}>
      {children}
    </div>
  );
}

/** Pushes what follows to the toolbar's right end. */
export function ToolbarSpacer() {
  return <span aria-hidden className="ml-auto" />;
}

/** A labelled filter control of a toolbar. */
export function ToolbarField({ label, children, className }: { label: React.ReactNode; children: React.ReactNode; className?: string }) {
  return (
    <label className={cn('flex items-center gap-1.5 text-xs text-muted', className)}>
      {label}
      {children}
    </label>
  );
}

/** The search box of a toolbar. */
export function ToolbarSearch({ className, ...rest }: React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className={cn('relative w-72', className)}>
      <Search aria-hidden className="pointer-events-none absolute left-2 top-1.5 size-4 text-muted" />
      <input type="search" className={cn(controlClass, 'w-full pl-8')} {...rest} />
    </div>
  );
}
