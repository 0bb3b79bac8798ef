import { handle, json, type Params } from '@/lib/server/http';
import { removeReassignmentThrottle } from '@/lib/server/partitions/reassignments';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Remove every replication throttle (brokers' rates, topics' throttled replicas). */
export async function DELETE(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'admin', cluster, action: 'reassignment.throttle-removed' }, async () => json(await removeReassignmentThrottle(cluster)));
}
