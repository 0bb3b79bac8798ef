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
}

export type Id = Generated<number>;
