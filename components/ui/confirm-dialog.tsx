'use client';
import { useState } from 'react';
import { Dialog, DialogClose } from './dialog';
import { Button, FormError, inputClass } from './form';

/**
 * The one confirm-destructive dialog: says what is lost, optionally asks the user to type the
 * thing's name, shows the server's reason when it refuses, and stays open until it succeeds.
 */
export function ConfirmDialog({
  trigger,
  open,
  onOpenChange,
  title,
  description,
  confirmText,
  confirmLabel = 'Delete',
  pendingLabel,
  typeLabel,
  pending,
  onConfirm,
  children,
}: {
  trigger?: React.ReactNode;
  open?: boolean;
  onOpenChange?: (o: boolean) => void;
  title: string;
  description: React.ReactNode;
  /** When set, the user must type exactly this to confirm. */
  confirmText?: string;
  confirmLabel?: string;
  pendingLabel?: string;
  /** The confirm input's accessible name ("Group id to confirm"). */
  typeLabel?: string;
  pending?: boolean;
  /** Resolves when done; a rejection's message is shown and the dialog stays open. */
  onConfirm: () => Promise<unknown>;
  children?: React.ReactNode;
}) {
  const [innerOpen, setInnerOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const isOpen = open ?? innerOpen;
  const setOpen = (o: boolean) => {
    setTyped('');
    setProblem(null);
    if (onOpenChange) onOpenChange(o);
    if (open === undefined) setInnerOpen(o);
  };
  const ready = confirmText === undefined || typed === confirmText;
  return (
    <Dialog
      open={isOpen}
      onOpenChange={setOpen}
      trigger={trigger}
      title={title}
      description={description}
      size="sm"
      footer={
        <>
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button
            variant="danger"
            disabled={!ready || pending}
            onClick={() =>
              onConfirm().then(
                () => setOpen(false),
                (err: unknown) => setProblem(err instanceof Error ? err.message : String(err)),
              )
            }
          >
            {pending ? (pendingLabel ?? `${confirmLabel}…`) : confirmLabel}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-3">
        {children}
        {confirmText !== undefined && <input aria-label={typeLabel ?? 'Type the name to confirm'} className={`${inputClass} font-mono`} value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={confirmText} />}
        <FormError>{problem}</FormError>
      </div>
    </Dialog>
  );
}
