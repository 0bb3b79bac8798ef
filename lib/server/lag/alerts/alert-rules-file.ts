import 'server-only';
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { alertRuleInput, type AlertRuleParsed } from '@/lib/contracts/alerts';
import { listClusterConfigs } from '../../clusters';
import type { ChannelSecret } from './alert-rules';

/**
 * RIFFLE_ALERTS_FILE: alert rules as code. The same shape as the API's, plus `cluster` (default:
 * the first cluster) and, so the file needs no secret, `urlEnv` / `toEnv`: the environment
 * variable holding the webhook URL or the comma-separated recipients.
 *
 *   rules:
 *     - name: orders consumers stalled
 *       groups: "orders-*"
 *       condition: { status: [STALLED, STOPPED] }
 *       forSeconds: 120
 *       channel: { type: slack, urlEnv: SLACK_ALERTS_WEBHOOK }
 */
const fileChannel = z.union([
  z.object({ type: z.enum(['webhook', 'slack']), url: z.string().optional(), urlEnv: z.string().optional() }).strict(),
  z.object({ type: z.literal('email'), to: z.array(z.string()).optional(), toEnv: z.string().optional() }).strict(),
]);
const fileRule = z.looseObject({ cluster: z.string().optional(), channel: fileChannel });
const fileSchema = z.object({ rules: z.array(fileRule).max(1000) }).strict();

export interface FileRule {
  cluster: string;
  input: AlertRuleParsed;
  secret: ChannelSecret;
}

/** Reads and checks the file; an error names the file, the rule and the field. */
export function readRulesFile(file: string, env: Record<string, string | undefined> = process.env): FileRule[] {
  let doc: unknown;
  try {
    doc = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`RIFFLE_ALERTS_FILE (${file}): ${(err as Error).message}`);
  }
  const top = fileSchema.safeParse(doc);
  if (!top.success) throw new Error(`RIFFLE_ALERTS_FILE (${file}: ${top.error.issues[0]!.path.join('.') || 'top level'}): ${top.error.issues[0]!.message}`);
  const clusters = listClusterConfigs().map((c) => c.id);
  return top.data.rules.map((raw, i) => {
    const where = (field: string) => `RIFFLE_ALERTS_FILE (${file}: rules.${i}${field ? `.${field}` : ''})`;
    const cluster = raw.cluster ?? clusters[0]!;
    if (!clusters.includes(cluster)) throw new Error(`${where('cluster')}: no cluster "${cluster}"`);
    const ch = raw.channel;
    const secret: ChannelSecret = {};
    if (ch.type === 'email') {
      const to = ch.to ?? (ch.toEnv ? env[ch.toEnv]?.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
      if (!to?.length) throw new Error(`${where('channel.to')}: give to, or toEnv naming a set environment variable`);
      secret.to = to;
    } else {
      const url = ch.url ?? (ch.urlEnv ? env[ch.urlEnv] : undefined);
      if (!url) throw new Error(`${where('channel.url')}: give url, or urlEnv naming a set environment variable${ch.urlEnv ? ` (${ch.urlEnv} is not set)` : ''}`);
      secret.url = url;
    }
    const { cluster: _c, channel: _ch, ...rest } = raw;
    const parsed = alertRuleInput.safeParse({ ...rest, channel: { type: ch.type, ...secret } });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${where(issue.path.join('.'))}: ${issue.message}`);
    }
    return { cluster, input: parsed.data, secret };
  });
}
