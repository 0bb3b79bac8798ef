import 'server-only';
import { z } from 'zod';

const schema = z.object({
  /** YAML/JSON file of alert rules (configuration as code); read at start. */
  RIFFLE_ALERTS_FILE: z.string().min(1).optional(),
  /** smtp://user:pass@host:port or smtps://…: enables email channels. */
  RIFFLE_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'smtp://… or smtps://…').optional(),
  RIFFLE_SMTP_FROM: z.string().min(3).optional(),
  /** How often the elected sampler looks for notifications due (ms). */
  RIFFLE_ALERTS_DELIVERY_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /** Per attempt, how long a receiver may take to answer. */
  RIFFLE_ALERTS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
});

export interface AlertSettings {
  rulesFile: string | null;
  smtpUrl: string | null;
  smtpFrom: string;
  deliveryMs: number;
  timeoutMs: number;
}

let cached: AlertSettings | undefined;

export function alertSettings(env: Record<string, string | undefined> = process.env): AlertSettings {
  if (cached && env === process.env) return cached;
  const blanked = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const parsed = schema.safeParse(blanked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  const s: AlertSettings = {
    rulesFile: e.RIFFLE_ALERTS_FILE ?? null,
    smtpUrl: e.RIFFLE_SMTP_URL ?? null,
    smtpFrom: e.RIFFLE_SMTP_FROM ?? 'riffle@localhost',
    deliveryMs: e.RIFFLE_ALERTS_DELIVERY_MS,
    timeoutMs: e.RIFFLE_ALERTS_TIMEOUT_MS,
  };
  if (env === process.env) cached = s;
  return s;
}
