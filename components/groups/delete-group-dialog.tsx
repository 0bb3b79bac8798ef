'use client';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import type { GroupDetail } from '@/lib/contracts/groups';
import { useDeleteGroup } from '@/lib/client/use-groups';
import { clusterPath } from '@/components/shell/nav-items';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Button } from '@/components/ui/form';

/** Deletes an empty group after the user types its id. */
export function DeleteGroupDialog({ cluster, group }: { cluster: string; group: GroupDetail }) {
  const del = useDeleteGroup(cluster, group.groupId);
  const router = useRouter();
  const active = group.members.length > 0;
  return (
    <ConfirmDialog
      trigger={
        <Button variant="danger-outline" disabled={active} title={active ? 'only an empty group can be deleted: stop its consumers first' : undefined}>
          Delete group…
        </Button>
      }
      title="Delete consumer group"
      description="This removes the group and all its committed offsets from the cluster. Consumers that later join with this id start from their auto.offset.reset policy. Type the group id to confirm."
      confirmText={group.groupId}
      typeLabel="Group id to confirm"
      pending={del.isPending}
      onConfirm={() =>
        del.mutateAsync().then(() => {
          toast.success(`Deleted consumer group ${group.groupId}`);
          router.push(clusterPath(cluster, 'groups'));
        })
      }
    />
  );
}
