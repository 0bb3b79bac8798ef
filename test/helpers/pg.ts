import pg from 'pg';

const ADMIN_URL = process.env.RIFFLE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A new, empty PostgreSQL database for one test file, dropped by the returned cleanup. Tests
 * never share state through the machine's `test` database, so runs and branches can't collide.
 */
export async function freshPostgres(prefix = 'riffle_t'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`.toLowerCase();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
