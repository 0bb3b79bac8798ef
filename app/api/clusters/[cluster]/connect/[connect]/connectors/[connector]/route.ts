import { connectorPathParams, updateConnectorInput } from '@/lib/contracts/connect';
import { handle, json, readJson, type Params } from '@/lib/server/http';
import { deleteConnector, getConnector, updateConnector } from '@/lib/server/connect/connectors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = Params<{ cluster: string; connect: string; connector: string }>;

export async function GET(req: Request, { params }: Ctx) {
  const { cluster, ...rest } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => {
    const p = connectorPathParams.parse(rest);
    return json(await getConnector(cluster, p.connect, p.connector));
  });
}

export async function PUT(req: Request, { params }: Ctx) {
  const { cluster, ...rest } = await params;
  return handle(req, { role: 'admin', cluster, action: 'connect.connector.update', target: `${rest.connect}/${rest.connector}` }, async () => {
    const p = connectorPathParams.parse(rest);
    const input = updateConnectorInput.parse(await readJson(req));
    return json(await updateConnector(cluster, p.connect, p.connector, input.config));
  });
}

export async function DELETE(req: Request, { params }: Ctx) {
  const { cluster, ...rest } = await params;
  return handle(req, { role: 'admin', cluster, action: 'connect.connector.delete', target: `${rest.connect}/${rest.connector}` }, async () => {
    const p = connectorPathParams.parse(rest);
    return json(await deleteConnector(cluster, p.connect, p.connector));
  });
}
