import 'server-only';
import { z } from 'zod';
import { envSettings, parseEnv } from '../../env-settings';

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

export const alertSettings = envSettings((env): AlertSettings => {
  const e = parseEnv(schema, env);
  return {
    rulesFile: e.RIFFLE_ALERTS_FILE ?? null,
    smtpUrl: e.RIFFLE_SMTP_URL ?? null,
    smtpFrom: e.RIFFLE_SMTP_FROM ?? 'riffle@localhost',
    deliveryMs: e.RIFFLE_ALERTS_DELIVERY_MS,
    timeoutMs: e.RIFFLE_ALERTS_TIMEOUT_MS,
  };
});
