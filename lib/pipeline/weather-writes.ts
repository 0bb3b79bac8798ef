import { type Kysely } from 'kysely';
import type { Database, WeatherReadingsTable, WeatherWindowsTable } from '@/lib/server/db/schema';
import type { EnrichedReading, WindowAggregate } from './events';

/**
 * The DB writer's writes: processed records into weather_readings and weather_windows. They sit
 * with the pipeline, which owns these rows and their event types (./events.ts); the console
 * only reads them (lib/server/weather/weather-store.ts), so the two folders never import each
 * other back.
 */

export interface ProcessedRow {
  ref: string;
  record: EnrichedReading | WindowAggregate;
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/**
 * Writes processed records in one database transaction with idempotent upserts: writing the
 * same record twice (a redelivery after a crash) leaves one row with the same values.
 * Within a batch the last record per key wins (records of one key arrive in order).
 */
export async function upsertProcessed(db: Kysely<Database>, rows: ProcessedRow[]): Promise<{ readings: number; windows: number }> {
  const writtenAt = new Date().toISOString();
  const readings = new Map<string, WeatherReadingsTable>();
  const windows = new Map<string, WeatherWindowsTable>();
  for (const { ref, record: r } of rows) {
    if (r.type === 'reading') {
      readings.set(`${r.station}\u0000${r.kind}\u0000${r.observedAt}`, {
        station: r.station,
        kind: r.kind,
        observed_at: r.observedAt,
        day: r.observedAt.slice(0, 10),
        month: r.observedAt.slice(0, 7),
        source: r.source,
        temp_max_c: r.tempMaxC,
        temp_min_c: r.tempMinC,
        temp_max_f: r.tempMaxF,
        temp_min_f: r.tempMinF,
        temp_range_c: r.tempRangeC,
        precipitation_mm: r.precipitationMm,
        wind_ms: r.windMs,
        condition: r.condition,
        pressure_hpa: r.pressureHpa,
        temperature_c: r.temperatureC,
        kafka_ref: ref,
        written_at: writtenAt,
      });
    } else {
      windows.set(`${r.station}\u0000${r.windowStart}`, {
        station: r.station,
        window_start: r.windowStart,
        window_end: r.windowEnd,
        count: r.count,
        temp_min_c: r.tempMinC,
        temp_max_c: r.tempMaxC,
        temp_mean_c: r.tempMeanC,
        precipitation_mm: r.precipitationMm,
        wind_mean_ms: r.windMeanMs,
        written_at: writtenAt,
      });
    }
  }
  await db.transaction().execute(async (trx) => {
    for (const part of chunks([...readings.values()], 200)) {
      await trx
        .insertInto('weather_readings')
        .values(part)
        .onConflict((oc) =>
          oc.columns(['station', 'kind', 'observed_at']).doUpdateSet((eb) => ({
            source: eb.ref('excluded.source'),
            temp_max_c: eb.ref('excluded.temp_max_c'),
            temp_min_c: eb.ref('excluded.temp_min_c'),
            temp_max_f: eb.ref('excluded.temp_max_f'),
            temp_min_f: eb.ref('excluded.temp_min_f'),
            temp_range_c: eb.ref('excluded.temp_range_c'),
            precipitation_mm: eb.ref('excluded.precipitation_mm'),
            wind_ms: eb.ref('excluded.wind_ms'),
            condition: eb.ref('excluded.condition'),
            pressure_hpa: eb.ref('excluded.pressure_hpa'),
            temperature_c: eb.ref('excluded.temperature_c'),
            kafka_ref: eb.ref('excluded.kafka_ref'),
          })),
        )
        .execute();
    }
    for (const part of chunks([...windows.values()], 200)) {
      await trx
        .insertInto('weather_windows')
        .values(part)
        .onConflict((oc) =>
          oc.columns(['station', 'window_start']).doUpdateSet((eb) => ({
            window_end: eb.ref('excluded.window_end'),
            count: eb.ref('excluded.count'),
            temp_min_c: eb.ref('excluded.temp_min_c'),
            temp_max_c: eb.ref('excluded.temp_max_c'),
            temp_mean_c: eb.ref('excluded.temp_mean_c'),
            precipitation_mm: eb.ref('excluded.precipitation_mm'),
            wind_mean_ms: eb.ref('excluded.wind_mean_ms'),
            written_at: eb.ref('excluded.written_at'),
          })),
        )
        .execute();
    }
  });
  return { readings: readings.size, windows: windows.size };
}

