import { z } from 'zod';

/** The client quotas Riffle edits (Kafka's QuotaConfig names). */
export const QUOTA_KEYS = ['producer_byte_rate', 'consumer_byte_rate', 'request_percentage', 'controller_mutation_rate'] as const;
export type QuotaKey = (typeof QUOTA_KEYS)[number];

export const QUOTA_UNITS: Record<QuotaKey, string> = {
  producer_byte_rate: 'bytes/s',
  consumer_byte_rate: 'bytes/s',
  request_percentage: '% of one thread',
  controller_mutation_rate: 'partitions/s',
};

export const QUOTA_HELP: Record<QuotaKey, string> = {
  producer_byte_rate: 'bytes a second the client may produce, per broker',
  consumer_byte_rate: 'bytes a second the client may fetch, per broker',
  request_percentage: 'share of one network/IO thread, in percent (200 = two threads), per broker',
  controller_mutation_rate: 'partitions a second the client may create or delete',
};

/**
 * A quota entity: a user, a client id, or both. A string names one; null is the default
 * (Kafka's <default>, --entity-default); absent means the entity does not involve it.
 */
const entityPart = z.string().trim().min(1, 'an entity name cannot be empty; use null for the default').max(256).nullable().optional();
export const quotaEntity = z
  .object({ user: entityPart, clientId: entityPart })
  .refine((e) => e.user !== undefined || e.clientId !== undefined, { message: 'name a user, a client id, or both (null for the default)', path: ['user'] });
export type QuotaEntity = z.infer<typeof quotaEntity>;

const rate = (key: QuotaKey) =>
  z
    .number({ error: `${key} must be a number` })
    .finite()
    .positive(`${key} must be positive`)
    .refine((v) => key === 'request_percentage' || key === 'controller_mutation_rate' || Number.isInteger(v), `${key} is a whole number of bytes/s`);

export const quotaValues = z.object({
  producer_byte_rate: rate('producer_byte_rate').optional(),
  consumer_byte_rate: rate('consumer_byte_rate').optional(),
  request_percentage: rate('request_percentage').optional(),
  controller_mutation_rate: rate('controller_mutation_rate').optional(),
}).strict();
export type QuotaValues = z.infer<typeof quotaValues>;

/** PUT /quotas: set some keys and remove others, on one entity. */
export const alterQuotaInput = z
  .object({
    entity: quotaEntity,
    set: quotaValues.default({}),
    remove: z.array(z.enum(QUOTA_KEYS)).default([]),
  })
  .superRefine((q, ctx) => {
    const set = Object.keys(q.set);
    if (set.length === 0 && q.remove.length === 0) ctx.addIssue({ code: 'custom', path: ['set'], message: 'set or remove at least one quota' });
    for (const k of q.remove) if (set.includes(k)) ctx.addIssue({ code: 'custom', path: ['remove'], message: `${k} is both set and removed` });
  });
export type AlterQuotaInput = z.input<typeof alterQuotaInput>;

export const quotaEntry = z.object({
  entity: z.object({ user: z.string().nullable().optional(), clientId: z.string().nullable().optional() }),
  values: z.record(z.string(), z.number()),
});
export type QuotaEntry = z.infer<typeof quotaEntry>;
export const quotaList = z.object({ entries: z.array(quotaEntry) });
export type QuotaList = z.infer<typeof quotaList>;

/** GET /quotas?user=&clientId= also answers which quota applies to that pair. */
export const quotaQuery = z.object({
  user: z.string().trim().max(256).optional(),
  clientId: z.string().trim().max(256).optional(),
});

export const appliedQuota = z.object({
  key: z.enum(QUOTA_KEYS),
  /** null: no quota of this kind applies (unlimited). */
  value: z.number().nullable(),
  /** The entity whose setting applies, in Kafka's precedence order. */
  from: quotaEntry.shape.entity.nullable(),
});
export type AppliedQuota = z.infer<typeof appliedQuota>;
export const quotaListResult = quotaList.extend({
  applied: z.object({ user: z.string(), clientId: z.string(), quotas: z.array(appliedQuota) }).nullable(),
});
export type QuotaListResult = z.infer<typeof quotaListResult>;

/** Kafka's precedence (docs, "Quotas"): the first entity here with a value of a key decides it. */
export function quotaPrecedence(user: string, clientId: string): QuotaEntry['entity'][] {
  return [
    { user, clientId },
    { user, clientId: null },
    { user },
    { user: null, clientId },
    { user: null, clientId: null },
    { user: null },
    { clientId },
    { clientId: null },
  ];
}

export function sameEntity(a: QuotaEntry['entity'], b: QuotaEntry['entity']): boolean {
  return a.user === b.user && a.clientId === b.clientId;
}

/** Which quota of each kind applies to a user + client id. */
export function resolveQuotas(entries: QuotaEntry[], user: string, clientId: string): AppliedQuota[] {
  const order = quotaPrecedence(user, clientId);
  return QUOTA_KEYS.map((key) => {
    for (const entity of order) {
      const hit = entries.find((e) => sameEntity(e.entity, entity) && e.values[key] !== undefined);
      if (hit) return { key, value: hit.values[key]!, from: hit.entity };
    }
    return { key, value: null, from: null };
  });
}

/** "user alice, client id <default>" */
export function describeEntity(e: QuotaEntry['entity']): string {
  const part = (label: string, v: string | null | undefined) => (v === undefined ? null : `${label} ${v === null ? '<default>' : v}`);
  return [part('user', e.user), part('client id', e.clientId)].filter(Boolean).join(', ');
}
