import { PostgresAdapter, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('riffle_audit')
    .ifNotExists()
    .addColumn('id', isPostgres(db) ? 'bigserial' : 'integer', (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('at', 'varchar(40)', (c) => c.notNull())
    .addColumn('actor', 'varchar(200)', (c) => c.notNull())
    .addColumn('via', 'varchar(30)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)')
    .addColumn('action', 'varchar(200)', (c) => c.notNull())
    .addColumn('method', 'varchar(10)', (c) => c.notNull())
    .addColumn('path', 'varchar(2000)', (c) => c.notNull())
    .addColumn('cluster', 'varchar(100)')
    .addColumn('target', 'varchar(500)')
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'varchar(20)', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('ip', 'varchar(100)')
    .execute();
  await db.schema.createIndex('riffle_audit_at').ifNotExists().on('riffle_audit').column('at').execute();
  await db.schema.createIndex('riffle_audit_cluster_at').ifNotExists().on('riffle_audit').columns(['cluster', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('riffle_audit').ifExists().execute();
}
