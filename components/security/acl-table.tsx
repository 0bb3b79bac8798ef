'use client';
import { Trash2 } from 'lucide-react';
import type { AclBinding } from '@/lib/contracts/acls';
import { StatusBadge } from '@/components/ui/status-badge';
import { Button } from '@/components/topics/form-bits';
import { tdClass, thClass } from './shared';

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

/** ACLs as kafka-acls.sh --list shows them: principal, permission, operation, resource, host. */
export function AclTable({ acls, onRemove, label = 'ACLs', showResource = true }: { acls: AclBinding[]; onRemove?: (acl: AclBinding) => void; label?: string; showResource?: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-[13px]" aria-label={label} data-testid="acl-table">
        <thead className="text-xs text-muted">
          <tr className="border-b border-border">
            <th className={thClass}>Principal</th>
            <th className={thClass}>Permission</th>
            <th className={thClass}>Operation</th>
            {showResource && <th className={thClass}>Resource</th>}
            {!showResource && <th className={thClass}>Pattern</th>}
            <th className={thClass}>Host</th>
            {onRemove && <th className={thClass}><span className="sr-only">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {acls.map((a) => (
            <tr key={[a.principal, a.host, a.resourceType, a.resourceName, a.patternType, a.operation, a.permission].join('|')} className="border-b border-border last:border-0" data-testid="acl-row">
              <td className={`${tdClass} break-all font-mono text-xs`}>{a.principal}</td>
              <td className={tdClass}>
                <PermissionBadge permission={a.permission} />
              </td>
              <td className={`${tdClass} font-mono text-xs`}>{a.operation}</td>
              {showResource ? (
                <td className={tdClass}>
                  <AclResource acl={a} />
                </td>
              ) : (
                <td className={`${tdClass} text-xs`}>
                  {a.patternType === 'PREFIXED' ? `prefix "${a.resourceName}"` : a.resourceName === '*' ? 'every name (*)' : 'this name'}
                </td>
              )}
              <td className={`${tdClass} font-mono text-xs`}>{a.host === '*' ? '* (any)' : a.host}</td>
              {onRemove && (
                <td className={`${tdClass} text-right`}>
                  <Button variant="ghost" aria-label={`Remove ${a.permission} ${a.operation} for ${a.principal} on ${a.resourceName}`} onClick={() => onRemove(a)}>
                    <Trash2 aria-hidden className="size-3.5" /> Remove
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
