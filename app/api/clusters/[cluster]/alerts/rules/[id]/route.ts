import { alertRuleRef } from '@/lib/contracts/alerts';
import { handle, json, readJson, type Params } from '@/lib/server/http';
import { deleteRule, updateRule } from '@/lib/server/lag/alerts/alert-rules';
import { publicRule } from '@/lib/server/lag/alerts/alert-history';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type P = Params<{ cluster: string; id: string }>;

const idOf = (id: string) => alertRuleRef.parse({ id }).id;

export async function GET(req: Request, { params }: P) {
  const { cluster, id } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => json(await publicRule(cluster, idOf(id))));
}

export async function PUT(req: Request, { params }: P) {
  const { cluster, id } = await params;
  return handle(req, { role: 'admin', cluster, action: 'alerts.rule.update', target: `alert rule ${id}` }, async ({ principal }) => {
    const rule = await updateRule(cluster, idOf(id), await readJson(req), principal.name);
    return json(await publicRule(cluster, rule.id));
  });
}

export async function DELETE(req: Request, { params }: P) {
  const { cluster, id } = await params;
  return handle(req, { role: 'admin', cluster, action: 'alerts.rule.delete', target: `alert rule ${id}` }, async () => json(await deleteRule(cluster, idOf(id))));
}
