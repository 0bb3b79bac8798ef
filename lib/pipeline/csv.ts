import fs from 'node:fs';
import path from 'node:path';

/** One row of data/weather/weather.csv (NOAA daily observations). */
export interface DailyRow {
  location: string;
  date: string; // YYYY-MM-DD
  precipitation: number; // mm
  tempMax: number; // °C
  tempMin: number; // °C
  wind: number; // m/s
  weather: string;
}

/** One row of data/weather/seattle-weather-hourly-normals.csv (1981–2010 normals, stamped 2010). */
export interface NormalRow {
  /** MM-DDTHH, the part that is replayed onto another year */
  monthDayHour: string;
  pressure: number; // hPa
  temperature: number; // °C
  wind: number; // m/s
}

export const DATA_DIR = path.join(process.cwd(), 'data', 'weather');

function lines(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(','));
}

function num(v: string | undefined, what: string): number {
  const n = Number(v);
  if (v === undefined || v.trim() === '' || !Number.isFinite(n)) throw new Error(`bad number for ${what}: ${JSON.stringify(v)}`);
  return n;
}

export function parseDaily(text: string): DailyRow[] {
  const [header, ...rows] = lines(text);
  if (header?.join(',') !== 'location,date,precipitation,temp_max,temp_min,wind,weather') throw new Error('weather.csv: unexpected header');
  return rows.map((r, i) => ({
    location: r[0]!,
    date: r[1]!,
    precipitation: num(r[2], `row ${i + 2} precipitation`),
    tempMax: num(r[3], `row ${i + 2} temp_max`),
    tempMin: num(r[4], `row ${i + 2} temp_min`),
    wind: num(r[5], `row ${i + 2} wind`),
    weather: r[6] ?? '',
  }));
}

export function parseNormals(text: string): NormalRow[] {
  const [header, ...rows] = lines(text);
  if (header?.join(',') !== 'date,pressure,temperature,wind') throw new Error('seattle-weather-hourly-normals.csv: unexpected header');
  return rows.map((r, i) => ({
    monthDayHour: r[0]!.slice(5, 13),
    pressure: num(r[1], `row ${i + 2} pressure`),
    temperature: num(r[2], `row ${i + 2} temperature`),
    wind: num(r[3], `row ${i + 2} wind`),
  }));
}

export function loadDaily(dir = DATA_DIR): DailyRow[] {
  return parseDaily(fs.readFileSync(path.join(dir, 'weather.csv'), 'utf8'));
}

export function loadNormals(dir = DATA_DIR): NormalRow[] {
  return parseNormals(fs.readFileSync(path.join(dir, 'seattle-weather-hourly-normals.csv'), 'utf8'));
}
