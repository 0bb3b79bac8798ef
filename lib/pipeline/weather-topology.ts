import { enrich, validateRaw, type EnrichedReading, type RawEvent, type WindowAggregate } from './events';
import { Topology, type StreamRecord } from './topology';
import type { PipelineNames } from './names';

export const WINDOW_STORE = 'weather-windows';
export const DEFAULT_WINDOW_DAYS = 7;
export const DLQ_REASON_HEADER = 'riffle.dlq.reason';
export const RECORD_TYPE_HEADER = 'riffle.type';

interface Acc {
  count: number;
  tempMin: number;
  tempMax: number;
  meanSum: number;
  precip: number;
  windSum: number;
}

type Checked = { ok: true; value: RawEvent } | { ok: false; value: { reason: string; raw: Buffer | null } };

const round = (n: number, d = 4) => Math.round(n * 10 ** d) / 10 ** d;

/**
 * validate (schema, plausible ranges) → enrich (°C and °F, daily temperature range) →
 * readings to weather.processed, and daily readings into 7-day tumbling event-time windows per
 * station → window aggregates to weather.processed. Rejects go to weather.dlq with the reason
 * in a header.
 */
export function weatherTopology(names: Pick<PipelineNames, 'raw' | 'processed' | 'dlq'>, windowDays = DEFAULT_WINDOW_DAYS): Topology {
  const topo = new Topology();
  const raw = topo.source<Buffer | null>('weather.raw', names.raw, (v) => v);
  const [valid, invalid] = raw.split<RawEvent, { reason: string; raw: Buffer | null }>(
    'validate',
    (rec): Checked => {
      const v = validateRaw(rec.value);
      if (!v.ok) return { ok: false, value: { reason: v.reason, raw: rec.value } };
      if (rec.key !== null && rec.key !== v.event.station) return { ok: false, value: { reason: `key "${rec.key}" is not the station "${v.event.station}"`, raw: rec.value } };
      return { ok: true, value: v.event };
    },
    ['valid', 'invalid'],
    'schema + plausible ranges',
  );
  invalid.to('weather.dlq', names.dlq, (rec) => ({ value: rec.value.raw === null ? null : rec.value.raw.toString(), headers: { [DLQ_REASON_HEADER]: rec.value.reason } }));

  const enriched = valid.map<EnrichedReading>(
    'enrich',
    (rec) => ({ ...rec, key: rec.value.station, timestamp: Date.parse(rec.value.observedAt), value: enrich(rec.value) }),
    '°C/°F, daily range',
  );
  enriched.to('readings → weather.processed', names.processed, (rec) => ({ value: JSON.stringify(rec.value), headers: { [RECORD_TYPE_HEADER]: 'reading' } }));

  enriched
    .filter('daily only', (rec) => rec.value.kind === 'daily', 'kind = daily')
    .windowedAggregate<Acc, WindowAggregate>(`${windowDays}-day windows`, {
      store: WINDOW_STORE,
      windowMs: windowDays * 86_400_000,
      init: () => ({ count: 0, tempMin: Infinity, tempMax: -Infinity, meanSum: 0, precip: 0, windSum: 0 }),
      add: (a, r) => ({
        count: a.count + 1,
        tempMin: Math.min(a.tempMin, r.tempMinC!),
        tempMax: Math.max(a.tempMax, r.tempMaxC!),
        meanSum: a.meanSum + (r.tempMaxC! + r.tempMinC!) / 2,
        precip: a.precip + r.precipitationMm!,
        windSum: a.windSum + r.windMs,
      }),
      result: (station, start, end, a) => ({
        type: 'window',
        station,
        windowStart: new Date(start).toISOString(),
        windowEnd: new Date(end).toISOString(),
        count: a.count,
        tempMinC: a.tempMin,
        tempMaxC: a.tempMax,
        tempMeanC: round(a.meanSum / a.count),
        precipitationMm: round(a.precip),
        windMeanMs: round(a.windSum / a.count),
      }),
    })
    .to('windows → weather.processed', names.processed, (rec: StreamRecord<WindowAggregate>) => ({ value: JSON.stringify(rec.value), headers: { [RECORD_TYPE_HEADER]: 'window' } }));
  return topo;
}
