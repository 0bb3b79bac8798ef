import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import { migrations } from './migrations';
import type { Database } from './schema';
import { singleton } from '../singleton';

export type Dialect = 'sqlite' | 'postgres';

export interface DbHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, for logs and the UI (never includes a password). */
  location: string;
  /**
   * SQLite only: the connection under Kysely, for a bulk write through one prepared statement
   * (the lag sampler's 10,000 rows a cycle at 5,000 groups, lag-store.ts). Everything else goes
   * through `db`.
   */
  sqlite?: import('better-sqlite3').Database;
  close(): Promise<void>;
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/**
 * Opens the database: PostgreSQL when a postgres:// URL is given, else the embedded SQLite
 * file (default .data/riffle.db), so a new user needs no database server. Migrations run on open.
 */
export async function openDatabase(opts: { url?: string; sqliteFile?: string } = {}): Promise<DbHandle> {
  let handle: DbHandle;
  if (opts.url) {
    const { Pool } = await import('pg');
    const pool = new Pool({ connectionString: opts.url, max: 5, connectionTimeoutMillis: 5_000 });
    // An idle client losing its server (a database restart) must not crash the process.
    pool.on('error', (err) => console.warn(`[riffle] postgres pool: ${err.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    handle = { db, dialect: 'postgres', location: redact(opts.url), close: () => db.destroy() };
  } else {
    const file = opts.sqliteFile ?? path.join(process.cwd(), '.data', 'riffle.db');
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // The database holds the audit log, API token digests and sessions' revocations: mode 0600
    // like the secrets beside it. Made (or tightened) before SQLite opens it, since SQLite would
    // create it with the umask's 0644 and gives its -wal and -shm files the database's mode.
    fs.closeSync(fs.openSync(file, 'a', 0o600));
    fs.chmodSync(file, 0o600);
    const { default: SQLite } = await import('better-sqlite3');
    const sqlite = new SQLite(file);
    // WAL lets the console read while the pipeline writes; busy_timeout waits out short locks.
    sqlite.pragma('journal_mode = WAL');
    for (const extra of [`${file}-wal`, `${file}-shm`]) if (fs.existsSync(extra)) fs.chmodSync(extra, 0o600);
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    // 64 MiB of page cache (the default is 2 MiB): the lag sampler's cycle writes into index pages
    // spread over the whole table, and with the small cache each was read back first (issue 23).
    sqlite.pragma('cache_size = -65536');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    handle = { db, dialect: 'sqlite', location: file, sqlite, close: () => db.destroy() };
  }
  const { error, results } = await new Migrator({ db: handle.db, provider, allowUnorderedMigrations: true }).migrateToLatest();
  if (error) {
    await handle.close();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed on ${handle.location}: ${(error as Error).message}`);
  }
  return handle;
}

const g = singleton('riffle:db/db', (): { riffleDb?: Promise<DbHandle> } => ({}));

/** The process's database, opened once from settings (DATABASE_URL or the SQLite default). */
export function database(): Promise<DbHandle> {
  g.riffleDb ??= (async () => {
    const { settings } = await import('../config');
    return openDatabase({ url: settings().databaseUrl });
  })().catch((err) => {
    g.riffleDb = undefined;
    throw err;
  });
  return g.riffleDb;
}
