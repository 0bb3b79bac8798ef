'use client';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { aclCommand } from '@/lib/client/kafka-cli-security';
import { useDeleteAcls } from '@/lib/client/use-security';
import type { AclBinding, AclFilter } from '@/lib/contracts/acls';
import { Loading } from '@/components/ui/states';
import { Button, CliPreview } from '@/components/ui/form';
import { Dialog } from '@/components/ui/dialog';
import { AclTable } from './acl-table';
import { useBootstrap } from './shared';

/** Removes every ACL a filter matches, after showing exactly which (a dry run with the same filter). */
export function DeleteAclsDialog({ cluster, filter, onClose }: { cluster: string; filter: AclFilter | null; onClose: () => void }) {
  // keyed by the filter: every filter gets a fresh preview, never the last one's
  return filter ? <DeleteAcls key={JSON.stringify(filter)} cluster={cluster} filter={filter} onClose={onClose} /> : null;
}

function DeleteAcls({ cluster, filter, onClose }: { cluster: string; filter: AclFilter; onClose: () => void }) {
  const bootstrap = useBootstrap(cluster);
  const preview = useDeleteAcls(cluster);
  const remove = useDeleteAcls(cluster);
  const [matches, setMatches] = useState<AclBinding[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { mutateAsync: runPreview } = preview;

  useEffect(() => {
    runPreview({ filter, dryRun: true }).then(
      (r) => setMatches(r.acls),
      (err: Error) => setError(err.message),
    );
  }, [filter, runPreview]);

  const confirm = async () => {
    try {
      const r = await remove.mutateAsync({ filter, dryRun: false });
      toast.success(`Removed ${r.acls.length} ACL${r.acls.length === 1 ? '' : 's'}`);
      onClose();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title="Remove ACLs" description="Every ACL below matches the filter and will be removed; clients relying on them lose that access at once." size="xl">
      <div className="flex flex-col gap-4">
        {matches === null && !error && <Loading label="Finding the ACLs that match…" />}
        {matches !== null && matches.length === 0 && <p className="text-xs text-muted">No ACL matches this filter: nothing would be removed.</p>}
        {matches !== null && matches.length > 0 && (
          <div className="rounded-md border border-border" data-testid="acl-delete-preview">
            <AclTable acls={matches} label="ACLs to remove" />
          </div>
        )}
        <CliPreview command={aclCommand('remove', bootstrap, { ...filter, patternType: filter.patternType ?? (filter.resourceName ? 'LITERAL' : 'ANY') })} />
        {error && (
          <p role="alert" className="text-xs text-bad">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" disabled={!matches?.length || remove.isPending} onClick={confirm}>
            {remove.isPending ? 'Removing…' : `Remove ${matches?.length ?? ''} ACL${matches?.length === 1 ? '' : 's'}`}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
