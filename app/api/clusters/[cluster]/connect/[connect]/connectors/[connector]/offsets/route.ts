import { alterOffsetsInput, connectorPathParams } from '@/lib/contracts/connect';
import { handle, json, readJson, type Params } from '@/lib/server/http';
import { alterOffsets, offsetsOf, resetOffsets } from '@/lib/server/connect/connectors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = Params<{ cluster: string; connect: string; connector: string }>;

export async function GET(req: Request, { params }: Ctx) {
  const { cluster, ...rest } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => {
    const p = connectorPathParams.parse(rest);
    return json(await offsetsOf(cluster, p.connect, p.connector));
  });
}

/** KIP-875: alter the offsets of a stopped connector (admin). */
export async function PATCH(req: Request, { params }: Ctx) {
  const { cluster, ...rest } = await params;
  return handle(req, { role: 'admin', cluster, action: 'connect.connector.offsets.alter', target: `${rest.connect}/${rest.connector}` }, async () => {
    const p = connectorPathParams.parse(rest);
    return json(await alterOffsets(cluster, p.connect, p.connector, alterOffsetsInput.parse(await readJson(req))));
  });
}

/** KIP-875: reset every offset of a stopped connector (admin). */
export async function DELETE(req: Request, { params }: Ctx) {
  const { cluster, ...rest } = await params;
  return handle(req, { role: 'admin', cluster, action: 'connect.connector.offsets.reset', target: `${rest.connect}/${rest.connector}` }, async () => {
    const p = connectorPathParams.parse(rest);
    return json(await resetOffsets(cluster, p.connect, p.connector));
  });
}
