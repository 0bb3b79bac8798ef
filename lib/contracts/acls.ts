import { z } from 'zod';

/**
 * Kafka ACLs as Kafka names them (AclCommand prints the same words), so what the console shows
 * reads exactly like `kafka-acls.sh --list`.
 */
export const ACL_RESOURCE_TYPES = ['TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID', 'DELEGATION_TOKEN', 'USER'] as const;
export type AclResourceType = (typeof ACL_RESOURCE_TYPES)[number];

export const ACL_OPERATIONS = [
  'ALL',
  'READ',
  'WRITE',
  'CREATE',
  'DELETE',
  'ALTER',
  'DESCRIBE',
  'CLUSTER_ACTION',
  'DESCRIBE_CONFIGS',
  'ALTER_CONFIGS',
  'IDEMPOTENT_WRITE',
  'CREATE_TOKENS',
  'DESCRIBE_TOKENS',
  'TWO_PHASE_COMMIT',
] as const;
export type AclOperation = (typeof ACL_OPERATIONS)[number];

/** Kafka's AclEntry.supportedOperations (4.x): what each resource type accepts besides ALL. */
export const OPERATIONS_BY_RESOURCE: Record<AclResourceType, readonly AclOperation[]> = {
  TOPIC: ['READ', 'WRITE', 'CREATE', 'DESCRIBE', 'DELETE', 'ALTER', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'],
  GROUP: ['READ', 'DESCRIBE', 'DELETE', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'],
  CLUSTER: ['CREATE', 'CLUSTER_ACTION', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'IDEMPOTENT_WRITE', 'ALTER', 'DESCRIBE'],
  TRANSACTIONAL_ID: ['DESCRIBE', 'WRITE', 'TWO_PHASE_COMMIT'],
  DELEGATION_TOKEN: ['DESCRIBE'],
  USER: ['CREATE_TOKENS', 'DESCRIBE_TOKENS'],
};

export function operationsFor(type: AclResourceType): AclOperation[] {
  return ['ALL', ...OPERATIONS_BY_RESOURCE[type]];
}

/** What each operation lets a principal do, for the form. */
export const OPERATION_HELP: Record<AclOperation, string> = {
  ALL: 'every operation the resource type has',
  READ: 'consume (topic); join and commit offsets (group)',
  WRITE: 'produce (topic); use a transactional id',
  CREATE: 'create topics',
  DELETE: 'delete topics or records; delete groups',
  ALTER: 'add partitions; alter cluster ACLs and settings',
  DESCRIBE: 'see it in metadata, offsets and listings (implied by READ, WRITE, DELETE, ALTER)',
  CLUSTER_ACTION: 'broker-to-broker requests',
  DESCRIBE_CONFIGS: 'read its configs (implied by ALTER_CONFIGS)',
  ALTER_CONFIGS: 'change its configs',
  IDEMPOTENT_WRITE: 'idempotent produce (no longer needed since Kafka 3.0)',
  CREATE_TOKENS: 'create delegation tokens for the user',
  DESCRIBE_TOKENS: "see the user's delegation tokens",
  TWO_PHASE_COMMIT: 'two-phase commit transactions (KIP-939)',
};

export const ACL_PATTERN_TYPES = ['LITERAL', 'PREFIXED'] as const;
export type AclPatternType = (typeof ACL_PATTERN_TYPES)[number];
export const ACL_PERMISSIONS = ['ALLOW', 'DENY'] as const;
export type AclPermission = (typeof ACL_PERMISSIONS)[number];

/** The only name a CLUSTER resource has. */
export const CLUSTER_RESOURCE_NAME = 'kafka-cluster';

/** "User:alice": Kafka's KafkaPrincipal form; "User:*" is every user. */
export const aclPrincipal = z
  .string()
  .trim()
  .min(1, 'a principal cannot be empty; write it as User:<name>')
  .max(1000)
  .regex(/^[A-Za-z][A-Za-z0-9]*:.+$/, 'write a principal as <type>:<name>, e.g. User:alice (User:* is every user)');

export const aclHost = z.string().trim().min(1, 'a host cannot be empty; * is every host').max(255).default('*');

const resourceName = z.string().trim().min(1, 'a resource name cannot be empty (a LITERAL * is every resource)').max(1000);

/** One ACL binding: a resource pattern and an access control entry. */
export const aclBinding = z
  .object({
    principal: aclPrincipal,
    host: aclHost,
    resourceType: z.enum(ACL_RESOURCE_TYPES),
    resourceName,
    patternType: z.enum(ACL_PATTERN_TYPES).default('LITERAL'),
    operation: z.enum(ACL_OPERATIONS),
    permission: z.enum(ACL_PERMISSIONS).default('ALLOW'),
  })
  .superRefine((a, ctx) => {
    if (!operationsFor(a.resourceType).includes(a.operation)) {
      ctx.addIssue({
        code: 'custom',
        path: ['operation'],
        message: `${a.operation} is not an operation of ${a.resourceType}; it has ${operationsFor(a.resourceType).join(', ')}`,
      });
    }
    if (a.resourceType === 'CLUSTER' && (a.resourceName !== CLUSTER_RESOURCE_NAME || a.patternType !== 'LITERAL')) {
      ctx.addIssue({ code: 'custom', path: ['resourceName'], message: `the CLUSTER resource is the LITERAL "${CLUSTER_RESOURCE_NAME}"` });
    }
  });
export type AclBinding = z.output<typeof aclBinding>;
export type AclBindingInput = z.input<typeof aclBinding>;

/** POST /acls */
export const createAclInput = aclBinding;

/**
 * A filter, as kafka-acls.sh --list/--remove take one: every field optional. patternType MATCH
 * finds the ACLs that apply to a name (literal, wildcard and prefixes of it); ANY every pattern.
 */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
export const aclFilter = z
  .object({
    principal: z.preprocess(blankToUndefined, aclPrincipal.optional()),
    host: z.preprocess(blankToUndefined, z.string().trim().max(255).optional()),
    resourceType: z.preprocess(blankToUndefined, z.enum(ACL_RESOURCE_TYPES).optional()),
    resourceName: z.preprocess(blankToUndefined, z.string().trim().max(1000).optional()),
    patternType: z.preprocess(blankToUndefined, z.enum(['ANY', 'MATCH', ...ACL_PATTERN_TYPES]).optional()),
    operation: z.preprocess(blankToUndefined, z.enum(ACL_OPERATIONS).optional()),
    permission: z.preprocess(blankToUndefined, z.enum(ACL_PERMISSIONS).optional()),
  })
  .superRefine((f, ctx) => {
    if (f.operation && f.resourceType && !operationsFor(f.resourceType).includes(f.operation)) {
      ctx.addIssue({ code: 'custom', path: ['operation'], message: `${f.operation} is not an operation of ${f.resourceType}` });
    }
    if (f.patternType === 'MATCH' && (!f.resourceType || !f.resourceName)) {
      ctx.addIssue({ code: 'custom', path: ['patternType'], message: 'MATCH needs a resource type and a name' });
    }
  });
export type AclFilter = z.output<typeof aclFilter>;

/** DELETE /acls: every ACL the filter matches; dryRun only lists them (the preview). */
export const deleteAclsInput = z
  .object({ filter: aclFilter, dryRun: z.boolean().default(false) })
  .superRefine((d, ctx) => {
    // A filter naming nothing would remove every ACL of the cluster: make that an explicit choice.
    const f = d.filter;
    if (!f.principal && !f.resourceType && !f.resourceName && !f.operation && !f.permission && !f.host) {
      ctx.addIssue({ code: 'custom', path: ['filter'], message: 'name at least one of principal, resource type, resource name, operation, permission or host' });
    }
  });
export type DeleteAclsInput = z.input<typeof deleteAclsInput>;

export const aclList = z.object({ acls: z.array(aclBinding) });
export type AclList = z.infer<typeof aclList>;
export const deleteAclsResult = z.object({ dryRun: z.boolean(), acls: z.array(aclBinding) });
export type DeleteAclsResult = z.infer<typeof deleteAclsResult>;

// ── effective access ────────────────────────────────────────────────────────────────────────

export const effectiveAccessQuery = z.object({
  principal: aclPrincipal,
  host: z.preprocess(blankToUndefined, z.string().trim().max(255).default('*')),
  resourceType: z.enum(['TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID']),
  resourceName: resourceName,
});
export type EffectiveAccessQuery = z.infer<typeof effectiveAccessQuery>;

export const accessDecision = z.object({
  operation: z.enum(ACL_OPERATIONS),
  /** null: no ACL names the resource, and the broker does not disclose allow.everyone.if.no.acl.found. */
  allowed: z.boolean().nullable(),
  reason: z.enum(['super-user', 'deny-acl', 'allow-acl', 'no-acl-allowed-by-default', 'no-acl-denied-by-default', 'no-acl-default-unknown', 'no-matching-acl']),
  /** The ACLs that decided it (the denying ones, else the allowing ones). */
  acls: z.array(aclBinding),
});
export type AccessDecision = z.infer<typeof accessDecision>;

export const effectiveAccess = z.object({
  principal: z.string(),
  host: z.string(),
  resourceType: z.string(),
  resourceName: z.string(),
  /**
   * null when the broker does not disclose super.users (Kafka reports authorizer settings it
   * doesn't define itself as sensitive, so DescribeConfigs answers them without a value).
   */
  superUser: z.boolean().nullable(),
  allowEveryoneIfNoAcl: z.boolean().nullable(),
  /** Every ACL that names the resource (literal, wildcard or prefix), whoever it is for. */
  resourceAcls: z.array(aclBinding),
  decisions: z.array(accessDecision),
});
export type EffectiveAccess = z.infer<typeof effectiveAccess>;
