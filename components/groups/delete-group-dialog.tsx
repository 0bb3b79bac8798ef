'use client';
import * as Dialog from '@radix-ui/react-dialog';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import type { GroupDetail } from '@/lib/contracts/groups';
import { useDeleteGroup } from '@/lib/client/use-groups';
import { clusterPath } from '@/components/shell/nav-items';

const btn = 'inline-flex h-8 items-center rounded-md border px-3 text-[13px] font-medium disabled:opacity-50';

/** Deletes an empty group after the user types its id. */
export function DeleteGroupDialog({ cluster, group }: { cluster: string; group: GroupDetail }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const del = useDeleteGroup(cluster, group.groupId);
  const router = useRouter();
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
        <button type="button" className={`${btn} border-bad/50 bg-surface text-bad hover:bg-bad/10`} disabled={active} title={active ? 'only an empty group can be deleted: stop its consumers first' : undefined}>
          Delete group…
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[460px] max-w-[95vw] -translate-x-1/2 -translate-y-1/2 rounded-lg border border-border bg-surface p-5 shadow-xl">
          <Dialog.Title className="text-base font-semibold">Delete consumer group</Dialog.Title>
          <Dialog.Description className="mt-1 text-xs text-muted">
            This removes the group and all its committed offsets from the cluster. Consumers that later join with this id start from their auto.offset.reset policy. Type the group id to confirm.
          </Dialog.Description>
          <input
            aria-label="Group id to confirm"
            className="mt-3 h-8 w-full rounded-md border border-border bg-surface px-2 font-mono text-[13px] outline-none focus:border-accent"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            placeholder={group.groupId}
          />
          {problem && (
            <p role="alert" className="mt-2 text-xs text-bad">
              {problem}
            </p>
          )}
          <div className="mt-4 flex justify-end gap-2">
            <Dialog.Close className={`${btn} border-border bg-surface hover:bg-surface-2`}>Cancel</Dialog.Close>
            <button
              type="button"
              className={`${btn} border-bad bg-bad text-white hover:opacity-90`}
              disabled={typed !== group.groupId || del.isPending}
              onClick={() =>
                del.mutate(undefined, {
                  onSuccess: () => {
                    toast.success(`Deleted consumer group ${group.groupId}`);
                    router.push(clusterPath(cluster, 'groups'));
                  },
                  onError: (err) => setProblem(err.message),
                })
              }
            >
              Delete
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
