import { connectPathParams, validateConfigInput } from '@/lib/contracts/connect';
import { handle, json, readJson, type Params } from '@/lib/server/http';
import { validateForForm } from '@/lib/server/connect/connectors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * The form's live check: the worker validates the config against its plugin's definition and
 * answers every field (type, default, docs, group, errors). Changes nothing, so it is not audited;
 * admin only, as only admins can create what it checks.
 */
export async function POST(req: Request, { params }: Params<{ cluster: string; connect: string }>) {
  const { cluster, ...rest } = await params;
  return handle(req, { role: 'admin', cluster, mutation: false }, async () => {
    const { connect } = connectPathParams.parse(rest);
    const body = validateConfigInput.parse(await readJson(req));
    return json(await validateForForm(cluster, connect, body.config, body.existing));
  });
}
