import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

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

/**
 * The two databases Riffle runs on, as rows for describe.each: a new SQLite file, and a new
 * PostgreSQL database created before the file's tests and dropped after them. Call at top level.
 */
export function eachDatabase(prefix: string): [string, () => { sqliteFile?: string; url?: string }][] {
  let pgDb: Awaited<ReturnType<typeof freshPostgres>> | undefined;
  beforeAll(async () => {
    pgDb = await freshPostgres();
  });
  afterAll(async () => {
    await pgDb?.drop();
  });
  return [
    ['sqlite', () => ({ sqliteFile: path.join(fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`)), 'riffle.db') })],
    ['postgres', () => ({ url: pgDb!.url })],
  ];
}
