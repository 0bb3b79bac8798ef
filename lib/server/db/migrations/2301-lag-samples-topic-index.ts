import type { Kysely } from 'kysely';

// Issue 23: at 5,000 groups each sampler cycle inserts 10,000 lag_samples rows, and every index
// whose key does not start with the time puts them on thousands of scattered pages, which the
// commit then writes out (about 1 s of a blocked event loop a cycle with SQLite, measured in
// npm run bench -- scale). lag_samples_cluster_topic_ts served no query: reads go by time
// (lag_samples_cluster_ts) or by group (the primary key).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('lag_samples_cluster_topic_ts').ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('lag_samples_cluster_topic_ts').ifNotExists().on('lag_samples').columns(['cluster', 'topic', 'ts']).execute();
}
