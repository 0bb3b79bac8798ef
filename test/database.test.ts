import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/server/db/db';
import { eachDatabase } from './helpers/pg';

describe.each(eachDatabase('riffle-db'))('the %s database', (dialect, options) => {
  it('migrates on open, twice without harm, and round-trips a row', async () => {
    const opts = options();
    const first = await openDatabase(opts);
    expect(first.dialect).toBe(dialect);
    await first.close();
    const h = await openDatabase(opts); // migrations already applied: a no-op
    const key = `test-${Date.now()}-${Math.random()}`;
    await h.db.insertInto('riffle_meta').values({ key, value: 'v1', updated_at: new Date().toISOString() }).execute();
    await h.db
      .insertInto('riffle_meta')
      .values({ key, value: 'v2', updated_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: (eb) => eb.ref('excluded.value') }))
      .execute();
    const row = await h.db.selectFrom('riffle_meta').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
    expect(row.value).toBe('v2');
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(h.db);
    expect(applied.rows.map((r) => r.name)).toContain('001-meta');
    await h.db.deleteFrom('riffle_meta').where('key', '=', key).execute();
    await h.close();
  });
});
