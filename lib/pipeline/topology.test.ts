import { describe, expect, it } from 'vitest';
import { weatherTopology, DLQ_REASON_HEADER, WINDOW_STORE } from './weather-topology';
import { validateRaw, celsiusToFahrenheit } from './events';
import { pipelineNames } from './names';
import { parseDaily } from './csv';

const names = pipelineNames('x-');
const day = (station: string, date: string, tmax: number, tmin: number, p = 1, w = 2) => ({
  v: 1,
  kind: 'daily',
  station,
  observedAt: `${date}T00:00:00.000Z`,
  source: 'test',
  precipitationMm: p,
  tempMaxC: tmax,
  tempMinC: tmin,
  windMs: w,
  condition: 'rain',
});
const rec = (v: unknown, key: string | null = 'S') => ({ key, value: Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)), timestamp: 0, headers: {} });

describe('weather topology', () => {
  it('describes source → validate → enrich → window → sinks', () => {
    const d = weatherTopology(names).describe();
    expect(d.nodes.map((n) => n.kind)).toEqual(['source', 'split', 'sink', 'map', 'sink', 'filter', 'window-aggregate', 'sink']);
    expect(d.nodes.filter((n) => n.kind === 'sink').map((n) => n.topic)).toEqual(['x-weather.dlq', 'x-weather.processed', 'x-weather.processed']);
    const split = d.nodes.find((n) => n.kind === 'split')!;
    expect(d.edges.filter((e) => e.from === split.id).map((e) => e.label).sort()).toEqual(['invalid', 'valid']);
    expect(d.edges).toHaveLength(7);
  });

  it('sends malformed and implausible events to the DLQ with the reason', () => {
    const t = weatherTopology(names);
    for (const [value, reason] of [
      ['{not json', 'value is not valid JSON'],
      [{ ...day('S', '2012-01-01', 10, 5), tempMaxC: 99 }, 'range: tempMaxC 99'],
      [{ ...day('S', '2012-01-01', 10, 5), windMs: 'x' }, 'schema: windMs'],
      [{ ...day('S', '2012-01-01', 5, 10) }, 'above tempMaxC'],
    ] as const) {
      const out = t.process('x-weather.raw', rec(value)).outputs;
      expect(out).toHaveLength(1);
      expect(out[0]!.topic).toBe('x-weather.dlq');
      expect(out[0]!.headers[DLQ_REASON_HEADER]).toContain(reason);
    }
  });

  it('enriches and aggregates tumbling 7-day windows, skipping replayed duplicates', () => {
    const t = weatherTopology(names);
    const run = (v: unknown) => t.process('x-weather.raw', rec(v)).outputs.map((o) => JSON.parse(o.value!));
    const [reading, w1] = run(day('S', '2012-01-05', 10, 4, 2, 3)); // window 2012-01-05 (epoch-aligned weeks start Thursday)
    expect(reading).toMatchObject({ type: 'reading', tempMaxF: 50, tempMinF: 39.2, tempRangeC: 6 });
    expect(w1).toMatchObject({ type: 'window', windowStart: '2012-01-05T00:00:00.000Z', windowEnd: '2012-01-12T00:00:00.000Z', count: 1 });
    const [, w2] = run(day('S', '2012-01-06', 12, 2, 3, 5));
    expect(w2).toMatchObject({ count: 2, tempMinC: 2, tempMaxC: 12, tempMeanC: 7, precipitationMm: 5, windMeanMs: 4 });
    expect(run(day('S', '2012-01-06', 12, 2, 3, 5))).toHaveLength(1); // duplicate: reading only
    const [, w3] = run(day('S', '2012-01-12', 1, 0));
    expect(w3).toMatchObject({ windowStart: '2012-01-12T00:00:00.000Z', count: 1 });
    const changes = t.store(WINDOW_STORE).drainChanges();
    expect(changes.map(([k]) => k)).toEqual(['S']);
  });

  it('converts °C to °F exactly enough', () => {
    expect(celsiusToFahrenheit(-40)).toBe(-40);
    expect(celsiusToFahrenheit(37)).toBe(98.6);
    expect(validateRaw(null)).toEqual({ ok: false, reason: 'empty value' });
  });

  it('parses the CSV header strictly', () => {
    expect(() => parseDaily('a,b\n1,2')).toThrow(/unexpected header/);
    expect(parseDaily('location,date,precipitation,temp_max,temp_min,wind,weather\nSeattle,2012-01-01,0.0,12.8,5.0,4.7,drizzle\n')).toHaveLength(1);
  });
});
