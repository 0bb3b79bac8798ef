import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

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
