import { z } from 'zod';
import { lagStatus } from './groups';

/**
 * Lag alerts (issue 21): a rule watches consumer groups (a name pattern) and, when a condition
 * has held for `forSeconds`, notifies a channel once ("firing"), then once more when it clears
 * ("resolved"). Channel URLs are secrets: they go in, never come back out.
 */
export const alertStatusCondition = lagStatus.exclude(['OK', 'UNKNOWN']);
export type AlertStatusCondition = z.infer<typeof alertStatusCondition>;

/** Any one of the conditions given makes the rule hold; at least one is required. */
export const alertCondition = z
  .object({
    status: z.array(alertStatusCondition).min(1).max(4).optional(),
    lagAbove: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    catchUpSecondsAbove: z.number().int().min(1).max(31_536_000).optional(),
  })
  .strict()
  .refine((c) => c.status !== undefined || c.lagAbove !== undefined || c.catchUpSecondsAbove !== undefined, {
    message: 'give at least one of status, lagAbove or catchUpSecondsAbove',
  });
export type AlertCondition = z.infer<typeof alertCondition>;

export const alertChannelType = z.enum(['webhook', 'slack', 'email']);
export type AlertChannelType = z.infer<typeof alertChannelType>;

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'an http:// or https:// URL');

/**
 * Where a rule sends. `url` (webhook, slack) and `to` (email) are write-only: answers carry
 * `target`, a redacted form (scheme and host, or the mail domain). On update, leave `url` out
 * to keep the stored one.
 */
export const alertChannelInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('webhook'), url: httpUrl.optional() }).strict(),
  z.object({ type: z.literal('slack'), url: httpUrl.optional() }).strict(),
  z.object({ type: z.literal('email'), to: z.array(z.email()).min(1).max(20).optional() }).strict(),
]);
export type AlertChannelInput = z.infer<typeof alertChannelInput>;

export const alertRuleName = z.string().trim().min(1).max(120);
/** Group-name glob: `*` any run of characters, `?` one character. */
export const groupPattern = z.string().trim().min(1).max(255);

export const alertRuleInput = z
  .object({
    name: alertRuleName,
    groups: groupPattern,
    /** Only these topics of the group count (globs); empty or absent: every topic it reads. */
    topics: z.array(z.string().trim().min(1).max(249)).max(50).optional(),
    condition: alertCondition,
    /** How long the condition must hold before the alert fires. */
    forSeconds: z.number().int().min(0).max(86_400).default(60),
    /** At most one firing notification per rule and group in this interval. */
    repeatIntervalSeconds: z.number().int().min(10).max(604_800).default(3600),
    enabled: z.boolean().default(true),
    channel: alertChannelInput,
  })
  .strict();
export type AlertRuleInput = z.input<typeof alertRuleInput>;
export type AlertRuleParsed = z.infer<typeof alertRuleInput>;

export const alertRuleId = z.coerce.number().int().min(1).max(2_147_483_647);
/** A rule's id from the path, so a bad one is a 400 naming the field `id`. */
export const alertRuleRef = z.object({ id: alertRuleId });

export const deliveryResult = z.object({
  at: z.string(),
  ok: z.boolean(),
  /** The receiver's HTTP status, or null when it could not be reached. */
  httpStatus: z.number().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
});
export type DeliveryResult = z.infer<typeof deliveryResult>;

export const alertRule = z.object({
  id: z.number(),
  cluster: z.string(),
  name: z.string(),
  groups: z.string(),
  topics: z.array(z.string()),
  condition: z.object({ status: z.array(alertStatusCondition).optional(), lagAbove: z.number().optional(), catchUpSecondsAbove: z.number().optional() }),
  forSeconds: z.number(),
  repeatIntervalSeconds: z.number(),
  enabled: z.boolean(),
  /** 'console': made here, editable by admins; 'file': from RIFFLE_ALERTS_FILE, read-only here. */
  source: z.enum(['console', 'file']),
  channel: z.object({ type: alertChannelType, target: z.string(), configured: z.boolean() }),
  updatedBy: z.string(),
  updatedAt: z.string(),
  lastTest: deliveryResult.nullable(),
});
export type AlertRule = z.infer<typeof alertRule>;

export const alertRuleList = z.object({
  rules: z.array(alertRule),
  /** Whether email can be sent (RIFFLE_SMTP_URL set). */
  emailConfigured: z.boolean(),
  /** RIFFLE_ALERTS_FILE, when set (its path only). */
  rulesFile: z.string().nullable(),
  /** A file that could not be read, with the reason. */
  rulesFileError: z.string().nullable(),
});
export type AlertRuleList = z.infer<typeof alertRuleList>;

export const notificationKind = z.enum(['firing', 'resolved', 'test']);
export type NotificationKind = z.infer<typeof notificationKind>;

export const deliveryState = z.enum(['pending', 'sent', 'failed']);
export type DeliveryState = z.infer<typeof deliveryState>;

export const alertDelivery = z.object({
  id: z.number(),
  kind: notificationKind,
  channel: alertChannelType,
  state: deliveryState,
  attempts: z.array(deliveryResult),
  /** When the next attempt is due (pending only). */
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
});
export type AlertDelivery = z.infer<typeof alertDelivery>;

export const alertState = z.enum(['firing', 'resolved']);

export const alertEvent = z.object({
  id: z.number(),
  ruleId: z.number(),
  ruleName: z.string(),
  group: z.string(),
  state: alertState,
  /** When the condition started to hold. */
  since: z.string(),
  firedAt: z.string(),
  resolvedAt: z.string().nullable(),
  status: z.string(),
  lag: z.number().nullable(),
  catchUpSeconds: z.number().nullable(),
  reason: z.string(),
  resolvedReason: z.string().nullable(),
  deliveries: z.array(alertDelivery),
});
export type AlertEvent = z.infer<typeof alertEvent>;

export const alertHistoryQuery = z
  .object({
    rule: alertRuleId.optional(),
    group: z.string().trim().max(255).optional(),
    state: alertState.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type AlertHistoryQuery = z.infer<typeof alertHistoryQuery>;

export const alertHistory = z.object({ events: z.array(alertEvent) });
export type AlertHistory = z.infer<typeof alertHistory>;

export const testSendResult = deliveryResult;
