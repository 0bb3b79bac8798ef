import 'server-only';
import type { AclOperation, AclPermission, AclResourceType } from '@/lib/contracts/acls';

/** Kafka's wire codes of ACL enums (ResourceType, PatternType, AclOperation, AclPermissionType). */
export const RESOURCE_TYPE_CODE: Record<AclResourceType | 'ANY', number> = {
  ANY: 1,
  TOPIC: 2,
  GROUP: 3,
  CLUSTER: 4,
  TRANSACTIONAL_ID: 5,
  DELEGATION_TOKEN: 6,
  USER: 7,
};
export const PATTERN_TYPE_CODE = { ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 } as const;
export const OPERATION_CODE: Record<AclOperation | 'ANY', number> = {
  ANY: 1,
  ALL: 2,
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
  IDEMPOTENT_WRITE: 12,
  CREATE_TOKENS: 13,
  DESCRIBE_TOKENS: 14,
  TWO_PHASE_COMMIT: 15,
};
export const PERMISSION_CODE: Record<AclPermission | 'ANY', number> = { ANY: 1, DENY: 2, ALLOW: 3 };

const invert = <K extends string>(m: Record<K, number>) => new Map(Object.entries(m).map(([k, v]) => [v as number, k as K]));
export const RESOURCE_TYPE_NAME = invert(RESOURCE_TYPE_CODE);
export const PATTERN_TYPE_NAME = invert(PATTERN_TYPE_CODE);
export const OPERATION_NAME = invert(OPERATION_CODE);
export const PERMISSION_NAME = invert(PERMISSION_CODE);
