import { connectorAction as actionName, connectorPathParams, restartInput } from '@/lib/contracts/connect';
import { handle, json, readJson, type Params } from '@/lib/server/http';
import { NotFound } from '@/lib/server/errors';
import { connectorAction } from '@/lib/server/connect/connectors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** POST …/pause | resume | stop | restart (operator). A restart may send {includeTasks, onlyFailed} or {task}. */
export async function POST(req: Request, { params }: Params<{ cluster: string; connect: string; connector: string; action: string }>) {
  const { cluster, action, ...rest } = await params;
  return handle(req, { role: 'operator', cluster, action: `connect.connector.${action}`, target: `${rest.connect}/${rest.connector}` }, async () => {
    const p = connectorPathParams.parse(rest);
    const parsed = actionName.safeParse(action);
    if (!parsed.success) throw new NotFound(`no connector action "${action}": use pause, resume, stop or restart`, 'action');
    const hasBody = Number(req.headers.get('content-length') ?? '0') > 0 || req.headers.has('transfer-encoding');
    const restart = parsed.data === 'restart' && hasBody ? restartInput.parse(await readJson(req)) : {};
    return json(await connectorAction(cluster, p.connect, p.connector, parsed.data, restart), 202);
  });
}
