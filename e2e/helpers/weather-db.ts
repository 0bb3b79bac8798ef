import path from 'node:path';

/**
 * Removes a test's weather rows from the console's database (the one the pipeline under test
 * writes to: DATABASE_URL, else the embedded SQLite file), so the station picker stays clean.
 */
export async function deleteWeatherRows(stationPrefix: string): Promise<void> {
  const like = `${stationPrefix}%`;
  if (process.env.DATABASE_URL) {
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    try {
      await c.query('DELETE FROM weather_readings WHERE station LIKE $1', [like]);
      await c.query('DELETE FROM weather_windows WHERE station LIKE $1', [like]);
    } finally {
      await c.end();
    }
    return;
  }
  const { default: SQLite } = await import('better-sqlite3');
  const db = new SQLite(path.resolve(__dirname, '../../.data/riffle.db'));
  db.pragma('busy_timeout = 5000');
  try {
    db.prepare('DELETE FROM weather_readings WHERE station LIKE ?').run(like);
    db.prepare('DELETE FROM weather_windows WHERE station LIKE ?').run(like);
  } finally {
    db.close();
  }
}
