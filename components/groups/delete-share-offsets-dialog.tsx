'use client';
import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { toast } from 'sonner';
import type { GroupDetail } from '@/lib/contracts/groups';
import { useDeleteShareOffsets } from '@/lib/client/use-groups';

const btn = 'inline-flex h-7 items-center rounded-md border px-2.5 text-xs font-medium disabled:opacity-50';

/** Deletes a share group's state (start offsets) for one topic, after the user types the topic's name. */
export function DeleteShareOffsetsDialog({ cluster, group, topic }: { cluster: string; group: GroupDetail; topic: string }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const del = useDeleteShareOffsets(cluster, group.groupId);
  const active = group.members.length > 0;
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setTyped('');
        setProblem(null);
      }}
    >
      <Dialog.Trigger asChild>
        <button
          type="button"
          className={`${btn} border-bad/50 bg-surface text-bad hover:bg-bad/10`}
          disabled={active}
          title={active ? 'only while the share group has no members: stop its consumers first' : `delete the share group's start offsets for ${topic}`}
        >
          Delete offsets…
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[460px] max-w-[95vw] -translate-x-1/2 -translate-y-1/2 rounded-lg border border-border bg-surface p-5 shadow-xl">
          <Dialog.Title className="text-base font-semibold">Delete share-group offsets for a topic</Dialog.Title>
          <Dialog.Description className="mt-1 text-xs text-muted">
            The group forgets its start offsets (and in-flight state) on every partition of this topic; its consumers then begin again per share.auto.offset.reset. Type the topic name to confirm.
          </Dialog.Description>
          <input
            aria-label="Topic name to confirm"
            className="mt-3 h-8 w-full rounded-md border border-border bg-surface px-2 font-mono text-[13px] outline-none focus:border-accent"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            placeholder={topic}
          />
          {problem && (
            <p role="alert" className="mt-2 text-xs text-bad">
              {problem}
            </p>
          )}
          <div className="mt-4 flex justify-end gap-2">
            <Dialog.Close className={`${btn} h-8 border-border bg-surface hover:bg-surface-2`}>Cancel</Dialog.Close>
            <button
              type="button"
              className={`${btn} h-8 border-bad bg-bad text-white hover:opacity-90`}
              disabled={typed !== topic || del.isPending}
              onClick={() =>
                del.mutate(topic, {
                  onSuccess: () => {
                    toast.success(`Deleted the offsets of ${group.groupId} for ${topic}`);
                    setOpen(false);
                  },
                  onError: (err) => setProblem(err.message),
                })
              }
            >
              Delete offsets
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
