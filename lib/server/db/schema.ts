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
  lag_cycles: LagCyclesTable;
  lag_samples: LagSamplesTable;
}

export type Id = Generated<number>;

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
