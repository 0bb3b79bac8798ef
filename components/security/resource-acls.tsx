'use client';
import Link from 'next/link';
import { ApiError } from '@/lib/client/api-fetch';
import { useAcls } from '@/lib/client/use-security';
import { Card, CardHeader } from '@/components/ui/card';
import { Loading } from '@/components/ui/states';
import { clusterPath } from '@/components/shell/nav-items';
import { AclTable } from './acl-table';

/** On a topic's or group's page: the ACLs that apply to it (literal, wildcard and prefix). */
export function ResourceAcls({ cluster, resourceType, name }: { cluster: string; resourceType: 'TOPIC' | 'GROUP'; name: string }) {
  const query = useAcls(cluster, { resourceType, resourceName: name, patternType: 'MATCH' });
  const link = `${clusterPath(cluster, 'security')}?type=${resourceType}&name=${encodeURIComponent(name)}&pattern=MATCH`;
  // A cluster without an authorizer keeps no ACLs: say nothing rather than an error on every page.
  if (query.error instanceof ApiError && query.error.code === 'SECURITY_DISABLED') return null;
  return (
    <Card data-testid="resource-acls">
      <CardHeader
        title="ACLs"
        description={`Who may do what on this ${resourceType === 'TOPIC' ? 'topic' : 'group'}: ACLs naming it, the wildcard * and prefixes of its name.`}
        actions={
          <Link href={link} className="text-xs text-accent hover:underline">
            Manage in Security
          </Link>
        }
      />
      {query.isPending ? (
        <Loading label="Loading ACLs…" />
      ) : query.error ? (
        <p className="px-4 py-3 text-xs text-muted">ACLs could not be read: {query.error.message}</p>
      ) : query.data.acls.length === 0 ? (
        <p className="px-4 py-3 text-xs text-muted">No ACL applies to it: only super users can use it.</p>
      ) : (
        <AclTable acls={query.data.acls} showResource={false} label={`ACLs of ${name}`} />
      )}
    </Card>
  );
}
