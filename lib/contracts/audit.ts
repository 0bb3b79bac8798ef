import { z } from 'zod';

export const auditOutcome = z.enum(['ok', 'denied', 'failed']);
export type AuditOutcome = z.infer<typeof auditOutcome>;

export const auditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  via: z.string(),
  role: z.string().nullable(),
  action: z.string(),
  method: z.string(),
  path: z.string(),
  cluster: z.string().nullable(),
  target: z.string().nullable(),
  status: z.number(),
  outcome: auditOutcome,
  detail: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/** Filters of the audit list; every one optional, all in the URL. */
export const auditQuery = z
  .object({
    actor: z.string().trim().max(200).optional(),
    action: z.string().trim().max(200).optional(),
    outcome: auditOutcome.optional(),
    /** Free text matched against the path, target and detail. */
    q: z.string().trim().max(200).optional(),
    /** Only this cluster's entries (default), or console-wide ones too. */
    scope: z.enum(['cluster', 'all']).default('cluster'),
    /** Entries older than this id (the cursor of the previous page). */
    before: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditPage = z.object({ entries: z.array(auditEntry), nextBefore: z.number().nullable() });
export type AuditPage = z.infer<typeof auditPage>;
