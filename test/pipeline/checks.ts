import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { DbHandle } from '@/lib/server/db/db';
import { latestWindows, summarize, type SummaryRow } from '@/lib/server/weather/weather-store';
import { waitFor } from '../helpers/api';
import { expectedMonths, expectedWindows, ROOT, type ExpectedDay } from './harness';

/**
 * What a replayed slice of the CSV must leave in the pipeline's database, checked with parsing
 * of the test's own (harness.ts), shared by the pipeline test and the fault suite's pipeline
 * bounce. Rows are the test run's own: every station name starts with its prefix.
 */
export const STATIONS = ['Seattle', 'New York'];

/** Seattle's hourly normals the producer sends for these days at --normals-every=6. */
export function expectedNormals(days: ExpectedDay[]): number {
  const text = fs.readFileSync(path.join(ROOT, 'data/weather/seattle-weather-hourly-normals.csv'), 'utf8');
  const have = new Set(text.trim().split('\n').slice(1).map((l) => l.slice(5, 13)));
  let n = 0;
  for (const d of days.filter((x) => x.station === 'Seattle')) for (const h of ['00', '06', '12', '18']) if (have.has(`${d.date.slice(5)}T${h}`)) n++;
  return n;
}

/** Rows per kind ('daily', 'hourly-normal') under the prefix. */
export async function counts(h: DbHandle, prefix: string): Promise<Record<string, number>> {
  const r = await h.db
    .selectFrom('weather_readings')
    .select((eb) => ['kind', eb.fn.countAll<string | number>().as('n')])
    .where('station', 'like', `${prefix}%`)
    .groupBy('kind')
    .execute();
  return Object.fromEntries(r.map((x) => [x.kind, Number(x.n)]));
}

/** Windows whose day count differs from the CSV's ('' when all match). */
export async function windowMismatch(h: DbHandle, prefix: string, days: ExpectedDay[]): Promise<string> {
  const bad: string[] = [];
  for (const s of STATIONS) {
    const got = new Map((await latestWindows(h.db, `${prefix}${s}`, 500)).map((w) => [w.windowStart, w.count]));
    for (const w of expectedWindows(days, s)) if (got.get(w.windowStart) !== w.count) bad.push(`${s} ${w.windowStart.slice(0, 10)}: ${got.get(w.windowStart)} not ${w.count}`);
  }
  return bad.slice(0, 6).join('; ');
}

/**
 * Waits until the database holds every day and normal of the slice and every window counts the
 * CSV's days, then checks the counts once more. A row can't be there twice (the primary key is
 * station, kind, observation time), so "exactly once" shows in the windows: a day aggregated
 * twice or never makes its window's count wrong.
 */
export async function expectEveryObservationOnce(h: DbHandle, prefix: string, days: ExpectedDay[], timeoutMs: number): Promise<void> {
  const want = { daily: days.length, 'hourly-normal': expectedNormals(days) };
  let seen = '';
  await waitFor(
    async () => {
      const c = await counts(h, prefix);
      const mismatch = await windowMismatch(h, prefix, days);
      seen = `${JSON.stringify(c)} ${mismatch}`;
      return c.daily === want.daily && c['hourly-normal'] === want['hourly-normal'] && mismatch === '';
    },
    { timeoutMs, intervalMs: 1_000, what: `all ${want.daily} days and ${want['hourly-normal']} normals, and the windows` },
  ).catch((err: Error) => {
    throw new Error(`${err.message}; last seen ${seen}`);
  });
  expect(await counts(h, prefix)).toEqual(want);
}

/**
 * Monthly summaries and 7-day window aggregates equal those computed straight from the CSV.
 * Returns each station's monthly rows, for callers that compare them with the HTTP API.
 */
export async function expectAggregatesMatchCsv(h: DbHandle, prefix: string, days: ExpectedDay[]): Promise<Map<string, SummaryRow[]>> {
  const monthly = new Map<string, SummaryRow[]>();
  for (const station of STATIONS) {
    const got = await summarize(h.db, `${prefix}${station}`, 'month');
    monthly.set(station, got);
    const exp = expectedMonths(days, station);
    expect(got.map((r) => r.period)).toEqual(exp.map((r) => r.period));
    got.forEach((r, i) => {
      const e = exp[i]!;
      expect(r.days).toBe(e.days);
      expect(r.meanTempMaxC).toBeCloseTo(e.meanTempMaxC, 3);
      expect(r.meanTempMinC).toBeCloseTo(e.meanTempMinC, 3);
      expect(r.totalPrecipitationMm).toBeCloseTo(e.totalPrecipitationMm, 3);
      expect(r.meanWindMs).toBeCloseTo(e.meanWindMs, 3);
    });
    const windows = new Map((await latestWindows(h.db, `${prefix}${station}`, 500)).map((w) => [w.windowStart, w]));
    for (const w of expectedWindows(days, station)) {
      const g = windows.get(w.windowStart)!;
      expect(g.count).toBe(w.count);
      expect(g.tempMinC).toBeCloseTo(w.tempMinC, 6);
      expect(g.tempMaxC).toBeCloseTo(w.tempMaxC, 6);
      expect(g.precipitationMm).toBeCloseTo(w.precipitationMm, 3);
      expect(g.windMeanMs).toBeCloseTo(w.windMeanMs, 3);
    }
  }
  return monthly;
}
