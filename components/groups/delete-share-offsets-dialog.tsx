'use client';
import { toast } from 'sonner';
import type { GroupDetail } from '@/lib/contracts/groups';
import { useDeleteShareOffsets } from '@/lib/client/use-groups';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Button } from '@/components/ui/form';

/** Deletes a share group's state (start offsets) for one topic, after the user types the topic's name. */
export function DeleteShareOffsetsDialog({ cluster, group, topic }: { cluster: string; group: GroupDetail; topic: string }) {
  const del = useDeleteShareOffsets(cluster, group.groupId);
  const active = group.members.length > 0;
  return (
    <ConfirmDialog
      trigger={
        <Button size="sm" variant="danger-outline" disabled={active} title={active ? 'only while the share group has no members: stop its consumers first' : `delete the share group's start offsets for ${topic}`}>
          Delete offsets…
        </Button>
      }
      title="Delete share-group offsets for a topic"
      description="The group forgets its start offsets (and in-flight state) on every partition of this topic; its consumers then begin again per share.auto.offset.reset. Type the topic name to confirm."
      confirmText={topic}
      typeLabel="Topic name to confirm"
      confirmLabel="Delete offsets"
      pending={del.isPending}
      onConfirm={() => del.mutateAsync(topic).then(() => toast.success(`Deleted the offsets of ${group.groupId} for ${topic}`))}
    />
  );
}
