import { PostgresAdapter, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

// Lag alerts (issue 21): rules, the per rule-and-group state the elected sampler keeps between
// cycles, the alerts that fired, and each notification with its attempts.
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  const id = (big = false) => (pg ? (big ? 'bigserial' : 'serial') : 'integer');
  await db.schema
    .createTable('alert_rules')
    .ifNotExists()
    .addColumn('id', id(), (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('cluster', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'varchar(120)', (c) => c.notNull())
    .addColumn('groups', 'varchar(255)', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('condition', 'text', (c) => c.notNull())
    .addColumn('for_seconds', 'integer', (c) => c.notNull())
    .addColumn('repeat_seconds', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('source', 'varchar(20)', (c) => c.notNull())
    .addColumn('channel_type', 'varchar(20)', (c) => c.notNull())
    // the secret part of the channel (webhook URL, mail recipients) as JSON; never answered
    .addColumn('channel_secret', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .addUniqueConstraint('alert_rules_cluster_name', ['cluster', 'name'])
    .execute();
  await db.schema
    .createTable('alert_states')
    .ifNotExists()
    .addColumn('rule_id', 'integer', (c) => c.notNull())
    .addColumn('group_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('pending_since', 'bigint')
    .addColumn('firing_event_id', 'bigint')
    .addColumn('last_fired_at', 'bigint')
    .addPrimaryKeyConstraint('alert_states_pk', ['rule_id', 'group_id'])
    .execute();
  await db.schema
    .createTable('alert_events')
    .ifNotExists()
    .addColumn('id', id(true), (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('cluster', 'varchar(64)', (c) => c.notNull())
    .addColumn('rule_id', 'integer', (c) => c.notNull())
    .addColumn('rule_name', 'varchar(120)', (c) => c.notNull())
    .addColumn('group_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('state', 'varchar(20)', (c) => c.notNull())
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('fired_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('lag', 'bigint')
    .addColumn('catch_up_seconds', 'double precision')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('resolved_reason', 'text')
    // the same episode can never fire twice, even if two instances evaluate during a hand-over
    .addUniqueConstraint('alert_events_episode', ['rule_id', 'group_id', 'since'])
    .execute();
  await db.schema.createIndex('alert_events_cluster_id').ifNotExists().on('alert_events').columns(['cluster', 'id']).execute();
  await db.schema
    .createTable('alert_deliveries')
    .ifNotExists()
    .addColumn('id', id(true), (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('cluster', 'varchar(64)', (c) => c.notNull())
    .addColumn('rule_id', 'integer', (c) => c.notNull())
    .addColumn('event_id', 'bigint')
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('channel_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('state', 'varchar(20)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_deliveries_due').ifNotExists().on('alert_deliveries').columns(['cluster', 'state', 'next_attempt_at']).execute();
  await db.schema.createIndex('alert_deliveries_event').ifNotExists().on('alert_deliveries').column('event_id').execute();
  await db.schema
    .createTable('alert_attempts')
    .ifNotExists()
    .addColumn('id', id(true), (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('delivery_id', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('error', 'varchar(500)')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_attempts_delivery').ifNotExists().on('alert_attempts').column('delivery_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['alert_attempts', 'alert_deliveries', 'alert_events', 'alert_states', 'alert_rules']) await db.schema.dropTable(t).ifExists().execute();
}
