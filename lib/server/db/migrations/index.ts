import type { Migration } from 'kysely';
import * as m001 from './001-meta';
import * as m301 from './301-auth';
import * as m302 from './302-audit';
import * as m105 from './105-lag-samples';
import * as m201 from './201-weather';
import * as m2101 from './2101-alerts';
import * as m401 from './401-broker-metrics';
import * as m2301 from './2301-lag-samples-topic-index';

// Migrations in order; names are permanent once released (Kysely records them).
export const migrations: Record<string, Migration> = {
  '001-meta': m001,
  '301-auth': m301,
  '302-audit': m302,
  '105-lag-samples': m105,
  '201-weather': m201,
  '2101-alerts': m2101,
  '401-broker-metrics': m401,
  '2301-lag-samples-topic-index': m2301,
};
