import type { Kysely } from 'kysely';

// Consumer lag history (issue #5). One row per sampler cycle (the cycle's time bucket is its key,
// so two console instances can never record the same bucket twice) and one row per group
// partition per cycle.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lag_cycles')
    .ifNotExists()
    .addColumn('cluster', 'varchar(64)', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('instance', 'varchar(200)', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('groups', 'integer', (c) => c.notNull())
    .addColumn('partitions', 'integer', (c) => c.notNull())
    .addColumn('requests', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('lag_cycles_pk', ['cluster', 'ts'])
    .execute();
  await db.schema
    .createTable('lag_samples')
    .ifNotExists()
    .addColumn('cluster', 'varchar(64)', (c) => c.notNull())
    .addColumn('group_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('topic', 'varchar(249)', (c) => c.notNull())
    .addColumn('partition', 'integer', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('committed', 'bigint')
    .addColumn('log_end', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('lag_samples_pk', ['cluster', 'group_id', 'topic', 'partition', 'ts'])
    .execute();
  await db.schema.createIndex('lag_samples_cluster_ts').ifNotExists().on('lag_samples').columns(['cluster', 'ts']).execute();
  await db.schema.createIndex('lag_samples_cluster_topic_ts').ifNotExists().on('lag_samples').columns(['cluster', 'topic', 'ts']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('lag_samples').ifExists().execute();
  await db.schema.dropTable('lag_cycles').ifExists().execute();
}
