import { connectPathParams, createConnectorInput } from '@/lib/contracts/connect';
import { handle, json, readJson, type Params } from '@/lib/server/http';
import { createConnector, listConnectors } from '@/lib/server/connect/connectors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = Params<{ cluster: string; connect: string }>;

export async function GET(req: Request, { params }: Ctx) {
  const { cluster, ...rest } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json(await listConnectors(cluster, connectPathParams.parse(rest).connect)));
}

export async function POST(req: Request, { params }: Ctx) {
  const { cluster, ...rest } = await params;
  const access = { role: 'admin' as const, cluster, action: 'connect.connector.create' };
  return handle(req, access, async ({ audit }) => {
    const { connect } = connectPathParams.parse(rest);
    const input = createConnectorInput.parse(await readJson(req));
    audit.target = `${connect}/${input.name}`;
    return json(await createConnector(cluster, connect, input.name, input.config, input.initialState), 201);
  });
}
