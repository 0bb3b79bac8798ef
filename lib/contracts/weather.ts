import { z } from 'zod';

// Station names are free text from the data (e.g. "New York"); bounded and printable.
export const stationName = z.string().trim().min(1, 'pick a station').max(120).regex(/^[^\u0000-\u001f]+$/, 'no control characters');
const isoInstant = z.iso.datetime({ message: 'an ISO 8601 instant like 2012-01-01T00:00:00.000Z' });

export const readingsQuery = z
  .object({
    station: stationName,
    after: isoInstant.optional(),
    kind: z.enum(['daily', 'hourly-normal']).optional(),
    limit: z.coerce.number().int().min(1).max(5_000).default(2_000),
  })
  .strict();
export type ReadingsQuery = z.infer<typeof readingsQuery>;

export const summaryQuery = z
  .object({
    station: stationName,
    bucket: z.enum(['day', 'month']).default('month'),
  })
  .strict();

export const windowsQuery = z
  .object({
    station: stationName,
    limit: z.coerce.number().int().min(1).max(500).default(12),
  })
  .strict();

export const liveQuery = z
  .object({
    station: stationName,
    after: isoInstant.optional(),
  })
  .strict();

export const station = z.object({
  station: z.string(),
  days: z.number().int(),
  normals: z.number().int(),
  first: z.string().nullable(),
  last: z.string().nullable(),
});
export type Station = z.infer<typeof station>;
export const stationList = z.object({ stations: z.array(station), database: z.enum(['sqlite', 'postgres']) });

export const reading = z.object({
  station: z.string(),
  kind: z.string(),
  observedAt: z.string(),
  tempMaxC: z.number().nullable(),
  tempMinC: z.number().nullable(),
  tempMaxF: z.number().nullable(),
  tempMinF: z.number().nullable(),
  tempRangeC: z.number().nullable(),
  precipitationMm: z.number().nullable(),
  windMs: z.number(),
  condition: z.string().nullable(),
  pressureHpa: z.number().nullable(),
  temperatureC: z.number().nullable(),
});
export type Reading = z.infer<typeof reading>;
export const readingList = z.object({ station: z.string(), readings: z.array(reading) });

export const summaryRow = z.object({
  period: z.string(),
  days: z.number().int(),
  meanTempMaxC: z.number(),
  meanTempMinC: z.number(),
  totalPrecipitationMm: z.number(),
  meanWindMs: z.number(),
});
export type SummaryRow = z.infer<typeof summaryRow>;
export const summaryResponse = z.object({ station: z.string(), bucket: z.enum(['day', 'month']), rows: z.array(summaryRow) });

export const windowRow = z.object({
  station: z.string(),
  windowStart: z.string(),
  windowEnd: z.string(),
  count: z.number().int(),
  tempMinC: z.number(),
  tempMaxC: z.number(),
  tempMeanC: z.number(),
  precipitationMm: z.number(),
  windMeanMs: z.number(),
});
export type WindowRow = z.infer<typeof windowRow>;
export const windowList = z.object({ station: z.string(), windows: z.array(windowRow) });

/** One SSE `readings` event: new readings of the station, oldest first. */
export const liveReadings = z.object({ readings: z.array(reading) });
