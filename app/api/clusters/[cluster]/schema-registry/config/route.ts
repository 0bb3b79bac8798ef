import { compatibilityInput } from '@/lib/contracts/schemas';
import { handle, json, readJson, type Params } from '@/lib/server/http';
import { globalLevel, registryOf, setCompatibility } from '@/lib/server/schemas/registry';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = Params<{ cluster: string }>;

export async function GET(req: Request, { params }: Ctx) {
  const { cluster } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json({ compatibility: await globalLevel(registryOf(cluster)) }));
}

export async function PUT(req: Request, { params }: Ctx) {
  const { cluster } = await params;
  return handle(req, { role: 'admin', cluster, action: 'schema.config.global', target: '(global)' }, async ({ audit }) => {
    const input = compatibilityInput.parse(await readJson(req));
    audit.detail = input.compatibility;
    return json(await setCompatibility(cluster, null, input.compatibility));
  });
}
