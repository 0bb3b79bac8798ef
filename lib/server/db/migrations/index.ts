import type { Migration } from 'kysely';
import * as m001 from './001-meta';
import * as m201 from './201-weather';

// Migrations in order; names are permanent once released (Kysely records them).
export const migrations: Record<string, Migration> = {
  '001-meta': m001,
  '201-weather': m201,
};
