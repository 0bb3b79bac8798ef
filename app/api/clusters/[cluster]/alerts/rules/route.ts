import { handle, json, readJson, type Params } from '@/lib/server/http';
import { createRule, toPublicRule } from '@/lib/server/lag/alerts/alert-rules';
import { publicRules } from '@/lib/server/lag/alerts/alert-history';
import { alertSettings } from '@/lib/server/lag/alerts/alert-settings';
import { ensureFileRules } from '@/lib/server/lag/alerts/alert-startup';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Alert rules: readable by every role, the channel's URL never included. */
export async function GET(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'viewer', cluster }, async () => {
    const rules = await publicRules(cluster);
    const s = alertSettings();
    return json({ rules, emailConfigured: Boolean(s.smtpUrl), rulesFile: s.rulesFile, rulesFileError: await ensureFileRules() });
  });
}

export async function POST(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'admin', cluster, action: 'alerts.rule.create' }, async ({ principal, audit }) => {
    const rule = await createRule(cluster, await readJson(req), principal.name);
    audit.target = `alert rule ${rule.id} "${rule.name}"`;
    return json(toPublicRule(rule), 201);
  });
}
