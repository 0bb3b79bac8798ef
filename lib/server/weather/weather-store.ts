import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { Database, WeatherReadingsTable, WeatherWindowsTable } from '../db/schema';
import type { EnrichedReading, WindowAggregate } from '@/lib/pipeline/events';

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

export interface StationSummary {
  station: string;
  days: number;
  first: string | null;
  last: string | null;
  normals: number;
}

export async function listStations(db: Kysely<Database>): Promise<StationSummary[]> {
  const rows = await db
    .selectFrom('weather_readings')
    .select((eb) => [
      'station',
      eb.fn.count<string | number>(sql`case when kind = 'daily' then 1 end`).as('days'),
      eb.fn.count<string | number>(sql`case when kind = 'hourly-normal' then 1 end`).as('normals'),
      eb.fn.min('day').as('first'),
      eb.fn.max('day').as('last'),
    ])
    .groupBy('station')
    .orderBy('station')
    .execute();
  return rows.map((r) => ({ station: r.station, days: Number(r.days), normals: Number(r.normals), first: r.first ?? null, last: r.last ?? null }));
}

export interface ReadingRow {
  station: string;
  kind: string;
  observedAt: string;
  tempMaxC: number | null;
  tempMinC: number | null;
  tempMaxF: number | null;
  tempMinF: number | null;
  tempRangeC: number | null;
  precipitationMm: number | null;
  windMs: number;
  condition: string | null;
  pressureHpa: number | null;
  temperatureC: number | null;
}

/** Readings of one station after `after` (exclusive), oldest first; the newest `limit` when no `after`. */
export async function listReadings(db: Kysely<Database>, q: { station: string; after?: string; afterKind?: string; kind?: string; limit: number }): Promise<ReadingRow[]> {
  let query = db.selectFrom('weather_readings').selectAll().where('station', '=', q.station);
  if (q.kind) query = query.where('kind', '=', q.kind);
  let rows;
  if (q.after) {
    const after = q.after;
    const afterKind = q.afterKind;
    // (observed_at, kind) is the order readings are produced in; the cursor is that pair.
    query = afterKind
      ? query.where((eb) => eb.or([eb('observed_at', '>', after), eb.and([eb('observed_at', '=', after), eb('kind', '>', afterKind)])]))
      : query.where('observed_at', '>', after);
    rows = await query.orderBy('observed_at', 'asc').orderBy('kind').limit(q.limit).execute();
  } else {
    rows = (await query.orderBy('observed_at', 'desc').orderBy('kind').limit(q.limit).execute()).reverse();
  }
  return rows.map((r) => ({
    station: r.station,
    kind: r.kind,
    observedAt: r.observed_at,
    tempMaxC: r.temp_max_c,
    tempMinC: r.temp_min_c,
    tempMaxF: r.temp_max_f,
    tempMinF: r.temp_min_f,
    tempRangeC: r.temp_range_c,
    precipitationMm: r.precipitation_mm,
    windMs: Number(r.wind_ms),
    condition: r.condition,
    pressureHpa: r.pressure_hpa,
    temperatureC: r.temperature_c,
  }));
}

export interface SummaryRow {
  period: string;
  days: number;
  meanTempMaxC: number;
  meanTempMinC: number;
  totalPrecipitationMm: number;
  meanWindMs: number;
}

/** Daily observations of one station summarised per day or per month. */
export async function summarize(db: Kysely<Database>, station: string, bucket: 'day' | 'month'): Promise<SummaryRow[]> {
  const rows = await db
    .selectFrom('weather_readings')
    .select((eb) => [
      eb.ref(bucket).as('period'),
      eb.fn.countAll<string | number>().as('days'),
      eb.fn.avg<string | number>('temp_max_c').as('max'),
      eb.fn.avg<string | number>('temp_min_c').as('min'),
      eb.fn.sum<string | number>('precipitation_mm').as('precip'),
      eb.fn.avg<string | number>('wind_ms').as('wind'),
    ])
    .where('station', '=', station)
    .where('kind', '=', 'daily')
    .groupBy(bucket)
    .orderBy(bucket)
    .execute();
  const r4 = (n: unknown) => Math.round(Number(n) * 10_000) / 10_000;
  return rows.map((r) => ({
    period: String(r.period),
    days: Number(r.days),
    meanTempMaxC: r4(r.max),
    meanTempMinC: r4(r.min),
    totalPrecipitationMm: r4(r.precip),
    meanWindMs: r4(r.wind),
  }));
}

export interface WindowRow {
  station: string;
  windowStart: string;
  windowEnd: string;
  count: number;
  tempMinC: number;
  tempMaxC: number;
  tempMeanC: number;
  precipitationMm: number;
  windMeanMs: number;
}

export async function latestWindows(db: Kysely<Database>, station: string, limit: number): Promise<WindowRow[]> {
  const rows = await db.selectFrom('weather_windows').selectAll().where('station', '=', station).orderBy('window_start', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    station: r.station,
    windowStart: r.window_start,
    windowEnd: r.window_end,
    count: Number(r.count),
    tempMinC: Number(r.temp_min_c),
    tempMaxC: Number(r.temp_max_c),
    tempMeanC: Number(r.temp_mean_c),
    precipitationMm: Number(r.precipitation_mm),
    windMeanMs: Number(r.wind_mean_ms),
  }));
}
