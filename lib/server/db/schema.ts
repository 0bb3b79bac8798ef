import type { Generated } from 'kysely';

/**
 * Tables of Riffle's own database (SQLite by default, PostgreSQL with DATABASE_URL).
 * Each feature adds its tables here and a migration under ./migrations.
 */
export interface MetaTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface Database {
  riffle_meta: MetaTable;
  riffle_revoked_sessions: RevokedSessionTable;
  riffle_api_tokens: ApiTokenTable;
  riffle_audit: AuditTable;
  lag_cycles: LagCyclesTable;
  lag_samples: LagSamplesTable;
}

export type Id = Generated<number>;

// Access control (issue 7)
export interface RevokedSessionTable {
  id: string;
  expires_at: string;
}

export interface ApiTokenTable {
  id: Id;
  name: string;
  role: string;
  sha256: string;
  prefix: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditTable {
  id: Id;
  at: string;
  actor: string;
  via: string;
  role: string | null;
  action: string;
  method: string;
  path: string;
  cluster: string | null;
  target: string | null;
  status: number;
  outcome: string;
  detail: string | null;
  ip: string | null;
}

// Consumer lag history (issue #5). bigint columns come back as strings from PostgreSQL: read
// them through Number().
export interface LagCyclesTable {
  cluster: string;
  ts: number | string;
  instance: string;
  duration_ms: number;
  groups: number;
  partitions: number;
  requests: number;
}

export interface LagSamplesTable {
  cluster: string;
  group_id: string;
  topic: string;
  partition: number;
  ts: number | string;
  committed: number | string | null;
  log_end: number | string;
}
