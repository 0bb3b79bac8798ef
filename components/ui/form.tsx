'use client';
import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { cn } from './cn';

/**
 * The one set of form controls. Inputs, selects and textareas share one look in two sizes:
 * `inputClass` in forms and dialogs, `controlClass` in toolbars and filter rows.
 */
const controlBase =
  'rounded-md border border-border bg-bg text-fg placeholder:text-muted focus:outline-none focus-visible:ring-2 focus-visible:ring-accent disabled:opacity-60 aria-[invalid=true]:border-bad';
/** Form size without a width (callers add one). */
export const inputBase = `${controlBase} h-8 px-2 text-[13px]`;
/** Form size, filling its container. */
export const inputClass = `${inputBase} w-full`;
/** Form-size select (no width). */
export const selectClass = inputBase;
/** Toolbar size: the compact select and input of filter rows (message browse, live tail, audit). */
export const controlClass = `${controlBase} h-7 px-2 text-xs`;

export type ButtonVariant = 'default' | 'primary' | 'danger' | 'danger-outline' | 'ghost';

/** The button look, for the odd element that must stay a native button or a link. */
export function buttonClass(variant: ButtonVariant = 'default', size: 'sm' | 'md' = 'md', className?: string): string {
  return cn(
    'inline-flex items-center gap-1.5 rounded-md border font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-accent disabled:cursor-not-allowed disabled:opacity-50',
    size === 'md' ? 'h-8 px-3 text-[13px]' : 'h-7 px-2.5 text-xs',
    variant === 'default' && 'border-border bg-surface text-fg hover:bg-surface-2',
    variant === 'primary' && 'border-accent bg-accent text-accent-fg hover:opacity-90',
    variant === 'danger' && 'border-bad bg-bad text-white hover:opacity-90 dark:text-bg',
    variant === 'danger-outline' && 'border-bad/50 bg-surface text-bad hover:bg-bad/10',
    variant === 'ghost' && 'border-transparent bg-transparent text-muted hover:bg-surface-2 hover:text-fg',
    className,
  );
}

export function Button({ variant = 'default', size = 'md', className, ...rest }: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: 'sm' | 'md' }) {
  return <button type="button" className={buttonClass(variant, size, className)} {...rest} />;
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

/** A form-level error (one the server could not pin on a field). */
export function FormError({ children }: { children: React.ReactNode }) {
  if (!children) return null;
  return (
    <p role="alert" className="text-xs text-bad">
      {children}
    </p>
  );
}

/** The equivalent command (Kafka CLI, curl), copyable. */
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
