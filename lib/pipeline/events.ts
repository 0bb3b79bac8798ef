import { z } from 'zod';

/** Fields every raw event carries, whatever its kind. */
const rawEventBase = {
  v: z.literal(1),
  station: z.string().min(1).max(120),
  observedAt: z.iso.datetime(),
  source: z.string().max(60),
};

/** What the producer writes to weather.raw (JSON, keyed by station): a station's day. */
export const dailyEvent = z
  .object({
    ...rawEventBase,
    kind: z.literal('daily'),
    precipitationMm: z.number(),
    tempMaxC: z.number(),
    tempMinC: z.number(),
    windMs: z.number(),
    condition: z.string().max(40),
  })
  .strict();

export const normalEvent = z
  .object({
    ...rawEventBase,
    kind: z.literal('hourly-normal'),
    pressureHpa: z.number(),
    temperatureC: z.number(),
    windMs: z.number(),
  })
  .strict();

export const rawEvent = z.discriminatedUnion('kind', [dailyEvent, normalEvent]);
export type DailyEvent = z.infer<typeof dailyEvent>;
export type NormalEvent = z.infer<typeof normalEvent>;
export type RawEvent = z.infer<typeof rawEvent>;

/** A validated, enriched reading on weather.processed (type "reading"). */
export interface EnrichedReading {
  type: 'reading';
  station: string;
  kind: RawEvent['kind'];
  observedAt: string;
  source: string;
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
  temperatureF: number | null;
}

/** A tumbling-window aggregate on weather.processed (type "window"), emitted on every update. */
export interface WindowAggregate {
  type: 'window';
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

export type ProcessedRecord = EnrichedReading | WindowAggregate;

export const celsiusToFahrenheit = (c: number) => Math.round((c * 9) / 5 * 100 + 3200) / 100;

/** Physically plausible ranges; anything outside is a bad reading, not weather. */
export const RANGES = {
  temperatureC: [-60, 60],
  precipitationMm: [0, 500],
  windMs: [0, 75],
  pressureHpa: [870, 1085],
} as const;

export type Validation = { ok: true; event: RawEvent } | { ok: false; reason: string };

function outside(v: number, [lo, hi]: readonly [number, number]) {
  return v < lo || v > hi;
}

/** Schema, then plausibility. The reason is short and names the field. */
export function validateRaw(value: Buffer | string | null): Validation {
  if (value === null || value.length === 0) return { ok: false, reason: 'empty value' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString());
  } catch {
    return { ok: false, reason: 'value is not valid JSON' };
  }
  const r = rawEvent.safeParse(parsed);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    return { ok: false, reason: `schema: ${issue.path.join('.') || 'value'}: ${issue.message}` };
  }
  const e = r.data;
  if (e.kind === 'daily') {
    if (outside(e.tempMaxC, RANGES.temperatureC)) return { ok: false, reason: `range: tempMaxC ${e.tempMaxC} outside ${RANGES.temperatureC.join('..')} °C` };
    if (outside(e.tempMinC, RANGES.temperatureC)) return { ok: false, reason: `range: tempMinC ${e.tempMinC} outside ${RANGES.temperatureC.join('..')} °C` };
    if (e.tempMinC > e.tempMaxC) return { ok: false, reason: `range: tempMinC ${e.tempMinC} above tempMaxC ${e.tempMaxC}` };
    if (outside(e.precipitationMm, RANGES.precipitationMm)) return { ok: false, reason: `range: precipitationMm ${e.precipitationMm} outside ${RANGES.precipitationMm.join('..')} mm` };
  } else {
    if (outside(e.temperatureC, RANGES.temperatureC)) return { ok: false, reason: `range: temperatureC ${e.temperatureC} outside ${RANGES.temperatureC.join('..')} °C` };
    if (outside(e.pressureHpa, RANGES.pressureHpa)) return { ok: false, reason: `range: pressureHpa ${e.pressureHpa} outside ${RANGES.pressureHpa.join('..')} hPa` };
  }
  if (outside(e.windMs, RANGES.windMs)) return { ok: false, reason: `range: windMs ${e.windMs} outside ${RANGES.windMs.join('..')} m/s` };
  return { ok: true, event: e };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function enrich(e: RawEvent): EnrichedReading {
  if (e.kind === 'daily') {
    return {
      type: 'reading',
      station: e.station,
      kind: e.kind,
      observedAt: e.observedAt,
      source: e.source,
      tempMaxC: e.tempMaxC,
      tempMinC: e.tempMinC,
      tempMaxF: celsiusToFahrenheit(e.tempMaxC),
      tempMinF: celsiusToFahrenheit(e.tempMinC),
      tempRangeC: round2(e.tempMaxC - e.tempMinC),
      precipitationMm: e.precipitationMm,
      windMs: e.windMs,
      condition: e.condition,
      pressureHpa: null,
      temperatureC: null,
      temperatureF: null,
    };
  }
  return {
    type: 'reading',
    station: e.station,
    kind: e.kind,
    observedAt: e.observedAt,
    source: e.source,
    tempMaxC: null,
    tempMinC: null,
    tempMaxF: null,
    tempMinF: null,
    tempRangeC: null,
    precipitationMm: null,
    windMs: e.windMs,
    condition: null,
    pressureHpa: e.pressureHpa,
    temperatureC: e.temperatureC,
    temperatureF: celsiusToFahrenheit(e.temperatureC),
  };
}
