import path from 'node:path';

type Statement = [sql: string, params: unknown[]];

/**
 * Runs statements on the console's database (the one the pipeline under test writes to:
 * DATABASE_URL, else the embedded SQLite file). SQL is written with `?` placeholders.
 * (lib/server/db can't be imported here: it is server-only, and Playwright has no stub for that.)
 */
async function runOnConsoleDb(statements: Statement[]): Promise<void> {
  if (process.env.DATABASE_URL) {
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    try {
      for (const [sql, params] of statements) {
        let i = 0;
        await c.query(sql.replace(/\?/g, () => `$${++i}`), params);
      }
    } finally {
      await c.end();
    }
    return;
  }
  const { default: SQLite } = await import('better-sqlite3');
  const db = new SQLite(path.resolve(__dirname, '../../.data/riffle.db'));
  db.pragma('busy_timeout = 5000');
  try {
    for (const [sql, params] of statements) db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/** Removes a test's weather rows from the console's database, so the station picker stays clean. */
export async function deleteWeatherRows(stationPrefix: string): Promise<void> {
  const like = `${stationPrefix}%`;
  await runOnConsoleDb([
    ['DELETE FROM weather_readings WHERE station LIKE ?', [like]],
    ['DELETE FROM weather_windows WHERE station LIKE ?', [like]],
  ]);
}

/** Stores one daily reading as the pipeline's writer would, so a page's live stream picks it up. */
export async function insertWeatherReading(station: string, observedAt: string): Promise<void> {
  const row = {
    station,
    kind: 'daily',
    observed_at: observedAt,
    day: observedAt.slice(0, 10),
    month: observedAt.slice(0, 7),
    source: 'e2e',
    temp_max_c: 10,
    temp_min_c: 2,
    temp_max_f: 50,
    temp_min_f: 35.6,
    temp_range_c: 8,
    precipitation_mm: 0,
    wind_ms: 3,
    condition: 'sun',
    pressure_hpa: null,
    temperature_c: null,
    kafka_ref: 'e2e/0/0',
    written_at: new Date().toISOString(),
  };
  const cols = Object.keys(row);
  await runOnConsoleDb([[`INSERT INTO weather_readings (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, Object.values(row)]]);
}
