import type { Kysely } from 'kysely';

// Broker and topic metrics scraped from the brokers' JMX exporters (issue 20). One row per
// (broker, metric, topic) per scrape; `ts` is the scrape's time bucket, so two console instances
// scraping the same cluster write each bucket once. Raw values (counters as counters): rates are
// computed when read, so thinning old rows to one a minute keeps them correct.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('broker_metric_samples')
    .ifNotExists()
    .addColumn('cluster', 'varchar(64)', (c) => c.notNull())
    .addColumn('broker', 'integer', (c) => c.notNull())
    .addColumn('metric', 'varchar(64)', (c) => c.notNull())
    // '' for a broker-wide value
    .addColumn('topic', 'varchar(249)', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('broker_metric_samples_pk', ['cluster', 'broker', 'metric', 'topic', 'ts'])
    .execute();
  await db.schema.createIndex('broker_metric_samples_cluster_ts').ifNotExists().on('broker_metric_samples').columns(['cluster', 'ts']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('broker_metric_samples').ifExists().execute();
}
