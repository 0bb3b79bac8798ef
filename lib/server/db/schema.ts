import type { Generated } from 'kysely';

/**
 * Tables of Riffle's own database (SQLite by default, PostgreSQL with DATABASE_URL).
 * Each feature adds its tables here and a migration under ./migrations.
 */
export interface MetaTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface Database extends WeatherDatabase {
  riffle_meta: MetaTable;
}

export type Id = Generated<number>;

// Weather pipeline (issue 6): readings and window aggregates written by the weather-db-writer.
export interface WeatherReadingsTable {
  station: string;
  kind: string;
  observed_at: string;
  day: string;
  month: string;
  source: string;
  temp_max_c: number | null;
  temp_min_c: number | null;
  temp_max_f: number | null;
  temp_min_f: number | null;
  temp_range_c: number | null;
  precipitation_mm: number | null;
  wind_ms: number;
  condition: string | null;
  pressure_hpa: number | null;
  temperature_c: number | null;
  /** where the processed record came from: topic/partition/offset of weather.processed */
  kafka_ref: string;
  /** when the writer stored it (ISO), for produce-to-row latency */
  written_at: string;
}

export interface WeatherWindowsTable {
  station: string;
  window_start: string;
  window_end: string;
  count: number;
  temp_min_c: number;
  temp_max_c: number;
  temp_mean_c: number;
  precipitation_mm: number;
  wind_mean_ms: number;
  written_at: string;
}

export interface WeatherDatabase {
  weather_readings: WeatherReadingsTable;
  weather_windows: WeatherWindowsTable;
}
