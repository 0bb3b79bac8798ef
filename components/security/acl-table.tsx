'use client';
import { createColumnHelper } from '@tanstack/react-table';
import { Trash2 } from 'lucide-react';
import { useMemo } from 'react';
import type { AclBinding } from '@/lib/contracts/acls';
import { StatusBadge } from '@/components/ui/status-badge';
import { Button } from '@/components/ui/form';
import { DataTable } from '@/components/ui/data-table';

export function AclResource({ acl }: { acl: AclBinding }) {
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      <span className="text-xs text-muted">{acl.resourceType}</span>
      <span className="break-all font-mono text-xs">{acl.resourceName === '*' && acl.patternType === 'LITERAL' ? '* (every one)' : acl.resourceName}</span>
      {acl.patternType === 'PREFIXED' && <StatusBadge tone="info">prefix</StatusBadge>}
    </span>
  );
}

export function PermissionBadge({ permission }: { permission: string }) {
  return <StatusBadge tone={permission === 'DENY' ? 'bad' : 'ok'}>{permission === 'DENY' ? 'Deny' : 'Allow'}</StatusBadge>;
}

const col = createColumnHelper<AclBinding>();
const aclId = (a: AclBinding) => [a.principal, a.host, a.resourceType, a.resourceName, a.patternType, a.operation, a.permission].join('|');

/** ACLs as kafka-acls.sh --list shows them: principal, permission, operation, resource, host. */
export function AclTable({ acls, onRemove, label = 'ACLs', showResource = true }: { acls: AclBinding[]; onRemove?: (acl: AclBinding) => void; label?: string; showResource?: boolean }) {
  const columns = useMemo(
    () => [
      col.accessor('principal', { header: 'Principal', meta: { className: 'break-all font-mono text-xs align-top' } }),
      col.accessor('permission', { header: 'Permission', meta: { className: 'align-top' }, cell: (c) => <PermissionBadge permission={c.getValue()} /> }),
      col.accessor('operation', { header: 'Operation', meta: { className: 'font-mono text-xs align-top' } }),
      showResource
        ? col.accessor((a) => `${a.resourceType} ${a.resourceName}`, { id: 'resource', header: 'Resource', meta: { className: 'align-top' }, cell: ({ row: { original: a } }) => <AclResource acl={a} /> })
        : col.accessor('patternType', {
            id: 'pattern',
            header: 'Pattern',
            meta: { className: 'text-xs align-top' },
            cell: ({ row: { original: a } }) => (a.patternType === 'PREFIXED' ? `prefix "${a.resourceName}"` : a.resourceName === '*' ? 'every name (*)' : 'this name'),
          }),
      col.accessor('host', { header: 'Host', meta: { className: 'font-mono text-xs align-top' }, cell: (c) => (c.getValue() === '*' ? '* (any)' : c.getValue()) }),
      ...(onRemove
        ? [
            col.display({
              id: 'actions',
              header: () => <span className="sr-only">Actions</span>,
              enableHiding: false,
              meta: { align: 'right' as const, label: 'Actions' },
              cell: ({ row: { original: a } }) => (
                <Button variant="ghost" aria-label={`Remove ${a.permission} ${a.operation} for ${a.principal} on ${a.resourceName}`} onClick={() => onRemove(a)}>
                  <Trash2 aria-hidden className="size-3.5" /> Remove
                </Button>
              ),
            }),
          ]
        : []),
    ],
    [onRemove, showResource],
  );
  return <DataTable label={label} data={acls} columns={columns} getRowId={aclId} testId="acl-table" rowTestId="acl-row" empty={{ title: 'No ACLs' }} />;
}
