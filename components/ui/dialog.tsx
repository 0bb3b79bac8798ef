'use client';
import * as RadixDialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import { cn } from './cn';

export const DialogClose = RadixDialog.Close;

/**
 * The one dialog shell (Radix: focus trap, Escape, labelled by its title). Pass `trigger` for a
 * dialog that opens itself, or `open`/`onOpenChange` to control it; `footer` holds the actions.
 */
export function Dialog({
  open,
  onOpenChange,
  trigger,
  title,
  description,
  children,
  footer,
  size = 'md',
  testId,
}: {
  open?: boolean;
  onOpenChange?: (o: boolean) => void;
  trigger?: React.ReactNode;
  title: React.ReactNode;
  description?: React.ReactNode;
  children?: React.ReactNode;
  footer?: React.ReactNode;
  size?: 'sm' | 'md' | 'lg' | 'xl';
  testId?: string;
}) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger && <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger>}
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <RadixDialog.Content
          data-testid={testId}
          className={cn(
            'fixed left-1/2 top-[8vh] z-50 flex max-h-[84vh] w-[95vw] -translate-x-1/2 flex-col rounded-lg border border-border bg-surface shadow-xl focus:outline-none',
            size === 'sm' ? 'max-w-[460px]' : size === 'md' ? 'max-w-lg' : size === 'lg' ? 'max-w-[640px]' : 'max-w-3xl',
          )}
        >
          <div className="flex items-start justify-between gap-4 border-b border-border px-5 py-3">
            <div>
              <RadixDialog.Title className="text-sm font-semibold">{title}</RadixDialog.Title>
              {description ? <RadixDialog.Description className="mt-0.5 text-xs text-muted">{description}</RadixDialog.Description> : <RadixDialog.Description className="sr-only">{title}</RadixDialog.Description>}
            </div>
            <RadixDialog.Close asChild>
              <button type="button" aria-label="Close" className="rounded p-1 text-muted hover:bg-surface-2 hover:text-fg focus:outline-none focus-visible:ring-2 focus-visible:ring-accent">
                <X aria-hidden className="size-4" />
              </button>
            </RadixDialog.Close>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4">{children}</div>
          {footer && <div className="flex justify-end gap-2 border-t border-border px-5 py-3">{footer}</div>}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
