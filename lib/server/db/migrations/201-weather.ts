import type { Kysely } from 'kysely';

// Weather pipeline tables (issue 6). 'double precision' is REAL in SQLite and float8 in PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('weather_readings')
    .ifNotExists()
    .addColumn('station', 'varchar(120)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('observed_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('source', 'varchar(60)', (c) => c.notNull())
    .addColumn('temp_max_c', 'double precision')
    .addColumn('temp_min_c', 'double precision')
    .addColumn('temp_max_f', 'double precision')
    .addColumn('temp_min_f', 'double precision')
    .addColumn('temp_range_c', 'double precision')
    .addColumn('precipitation_mm', 'double precision')
    .addColumn('wind_ms', 'double precision', (c) => c.notNull())
    .addColumn('condition', 'varchar(40)')
    .addColumn('pressure_hpa', 'double precision')
    .addColumn('temperature_c', 'double precision')
    .addColumn('kafka_ref', 'varchar(300)', (c) => c.notNull())
    .addColumn('written_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('weather_readings_pk', ['station', 'kind', 'observed_at'])
    .execute();
  await db.schema.createIndex('weather_readings_station_month').ifNotExists().on('weather_readings').columns(['station', 'kind', 'month']).execute();
  await db.schema
    .createTable('weather_windows')
    .ifNotExists()
    .addColumn('station', 'varchar(120)', (c) => c.notNull())
    .addColumn('window_start', 'varchar(30)', (c) => c.notNull())
    .addColumn('window_end', 'varchar(30)', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('temp_min_c', 'double precision', (c) => c.notNull())
    .addColumn('temp_max_c', 'double precision', (c) => c.notNull())
    .addColumn('temp_mean_c', 'double precision', (c) => c.notNull())
    .addColumn('precipitation_mm', 'double precision', (c) => c.notNull())
    .addColumn('wind_mean_ms', 'double precision', (c) => c.notNull())
    .addColumn('written_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('weather_windows_pk', ['station', 'window_start'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('weather_windows').ifExists().execute();
  await db.schema.dropTable('weather_readings').ifExists().execute();
}
