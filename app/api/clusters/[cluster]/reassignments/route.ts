import { handle, json, readJson, type Params } from '@/lib/server/http';
import { cancelReassignments, executeReassignment, listReassignments } from '@/lib/server/partitions/reassignments';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Reassignments in progress, started by anyone, with bytes to go, and the throttles set. */
export async function GET(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json(await listReassignments(cluster)));
}

/** Start moves: {partitions: [{topic, partition, replicas}], throttleBytesPerSecond}. */
export async function POST(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'admin', cluster, action: 'reassignment.execute' }, async () => json(await executeReassignment(cluster, await readJson(req)), 202));
}

/** Cancel moves in progress: {partitions} or, with no body, every one. */
export async function DELETE(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'admin', cluster, action: 'reassignment.cancel' }, async () => {
    const hasBody = Number(req.headers.get('content-length') ?? '0') > 0 || req.headers.has('transfer-encoding');
    return json(await cancelReassignments(cluster, hasBody ? await readJson(req) : {}));
  });
}
