'use client';
import * as Dialog from '@radix-ui/react-dialog';
import { Check, Copy, X } from 'lucide-react';
import { useState } from 'react';
import { cn } from '@/components/ui/cn';

/** Inputs without a width (callers add one); inputClass fills its container. */
export const inputBase =
  'h-8 rounded-md border border-border bg-bg px-2 text-[13px] text-fg placeholder:text-muted focus:outline-none focus-visible:ring-2 focus-visible:ring-accent disabled:opacity-60 aria-[invalid=true]:border-bad';
export const inputClass = `${inputBase} w-full`;

export function Button({
  variant = 'default',
  className,
  ...rest
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'default' | 'primary' | 'danger' | 'ghost' }) {
  return (
    <button
      type="button"
      className={cn(
        'inline-flex h-8 items-center gap-1.5 rounded-md border px-3 text-[13px] font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-accent disabled:cursor-not-allowed disabled:opacity-50',
        variant === 'default' && 'border-border bg-surface text-fg hover:bg-surface-2',
        variant === 'primary' && 'border-accent bg-accent text-accent-fg hover:opacity-90',
        variant === 'danger' && 'border-bad bg-bad text-white hover:opacity-90 dark:text-bg',
        variant === 'ghost' && 'border-transparent bg-transparent text-muted hover:bg-surface-2 hover:text-fg',
        className,
      )}
      {...rest}
    />
  );
}

/** A labelled field with its error beside it (the server's error lands here by `field`). */
export function Field({ id, label, hint, error, warning, children, className }: { id: string; label: React.ReactNode; hint?: React.ReactNode; error?: string | null; warning?: React.ReactNode; children: React.ReactNode; className?: string }) {
  return (
    <div className={cn('flex flex-col gap-1', className)}>
      <label htmlFor={id} className="text-xs font-medium text-fg">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-bad">
          {error}
        </p>
      ) : warning ? (
        <p className="text-xs text-warn">{warning}</p>
      ) : hint ? (
        <p className="text-xs text-muted">{hint}</p>
      ) : null}
    </div>
  );
}

/** The equivalent Kafka CLI command, copyable. */
export function CliPreview({ command }: { command: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="rounded-md border border-border bg-surface-2" data-testid="cli-preview">
      <div className="flex items-center justify-between border-b border-border px-3 py-1 text-xs text-muted">
        <span>Equivalent command</span>
        <button
          type="button"
          className="inline-flex items-center gap-1 rounded px-1 hover:text-fg focus:outline-none focus-visible:ring-2 focus-visible:ring-accent"
          onClick={() => {
            void navigator.clipboard?.writeText(command).then(() => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            });
          }}
        >
          {copied ? <Check aria-hidden className="size-3" /> : <Copy aria-hidden className="size-3" />}
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre className="overflow-x-auto whitespace-pre-wrap break-all px-3 py-2 font-mono text-xs">{command}</pre>
    </div>
  );
}

export function Modal({ open, onOpenChange, title, description, children, wide }: { open: boolean; onOpenChange: (o: boolean) => void; title: string; description?: React.ReactNode; children: React.ReactNode; wide?: boolean }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content
          className={cn(
            'fixed left-1/2 top-[8vh] z-50 max-h-[84vh] w-[95vw] -translate-x-1/2 overflow-y-auto rounded-lg border border-border bg-surface shadow-xl focus:outline-none',
            wide ? 'max-w-3xl' : 'max-w-lg',
          )}
        >
          <div className="flex items-start justify-between gap-4 border-b border-border px-5 py-3">
            <div>
              <Dialog.Title className="text-sm font-semibold">{title}</Dialog.Title>
              {description ? <Dialog.Description className="mt-0.5 text-xs text-muted">{description}</Dialog.Description> : <Dialog.Description className="sr-only">{title}</Dialog.Description>}
            </div>
            <Dialog.Close asChild>
              <button type="button" aria-label="Close" className="rounded p-1 text-muted hover:bg-surface-2 hover:text-fg focus:outline-none focus-visible:ring-2 focus-visible:ring-accent">
                <X aria-hidden className="size-4" />
              </button>
            </Dialog.Close>
          </div>
          <div className="px-5 py-4">{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** Field errors from a zod result or an ApiError, keyed by path ("configs.retention.ms"). */
export type FieldErrors = Record<string, string>;
export function zodFieldErrors(issues: { path: PropertyKey[]; message: string }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    const key = i.path.map(String).join('.') || 'form';
    out[key] ??= i.message;
  }
  return out;
}
