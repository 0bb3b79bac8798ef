import { alertRuleRef } from '@/lib/contracts/alerts';
import { handle, json, type Params } from '@/lib/server/http';
import { testSend } from '@/lib/server/lag/alerts/alert-history';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Sends a test notification through the rule's channel now and answers how it went. */
export async function POST(req: Request, { params }: Params<{ cluster: string; id: string }>) {
  const { cluster, id } = await params;
  return handle(req, { role: 'admin', cluster, action: 'alerts.rule.test', target: `alert rule ${id}` }, async ({ audit }) => {
    const result = await testSend(cluster, alertRuleRef.parse({ id }).id);
    if (!result.ok) audit.detail = `test send failed: ${result.error}`;
    return json(result);
  });
}
