import { connectPathParams } from '@/lib/contracts/connect';
import { handle, json, type Params } from '@/lib/server/http';
import { listPlugins } from '@/lib/server/connect/connect-clusters';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: Params<{ cluster: string; connect: string }>) {
  const { cluster, ...rest } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => {
    const { connect } = connectPathParams.parse(rest);
    return json({ plugins: await listPlugins(cluster, connect) });
  });
}
