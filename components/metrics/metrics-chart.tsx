'use client';
import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricSeries } from '@/lib/contracts/broker-metrics';
import { formatBytes } from '@/components/ui/format';
import { pointTime, tickLabel, timeTicks } from './time-ticks';

// The lag chart's look (components/groups/lag-chart.tsx): same palette, axes and tooltip.
const palette = ['#3b82f6', '#f59e0b', '#10b981', '#a855f7', '#ef4444', '#06b6d4', '#84cc16', '#ec4899'];
const axis = { fontSize: 11, fill: 'var(--muted)' };
const tooltipStyle = { background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 6, fontSize: 12, color: 'var(--fg)' };
const margin = { top: 8, right: 12, bottom: 0, left: 0 };
const xDomain = ['dataMin', 'dataMax'];
const yDomain: [number, 'auto'] = [0, 'auto'];
// straight lines between scrapes, each sample shown on hover: a curve would draw values nobody measured (issue 22)
const activeDot = { r: 3 };
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const precise = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A value with its unit: bytes per second in binary units, the rest as numbers with the unit named. */
export function formatMetric(v: number | null | undefined, unit: string, short = false): string {
  if (v == null || !Number.isFinite(v)) return '—';
  if (unit === 'B/s') return `${formatBytes(v)}/s`;
  return `${short ? compact.format(v) : precise.format(v)} ${unit}`;
}

const tickWithSeconds = (t: number) => tickLabel(t, true);
const tickWithoutSeconds = (t: number) => tickLabel(t, false);
const tooltipLabel = (t: unknown) => pointTime(Number(t));
const byteTick = (v: number) => formatBytes(v);
const numberTick = (v: number) => compact.format(v);

/**
 * One metric over time, a line per broker or topic; gaps where no scrape landed.
 *
 * Every prop handed to Recharts is stable between renders (module constants, or memoised on
 * what they depend on), and the chart itself is memoised. Recharts 3 keeps each axis's, line's
 * and tooltip's props in its store: a fresh function or object on every render re-dispatches
 * them, and each dispatch re-renders the axes, whose default tick pass formats and measures
 * every candidate label. A chart whose series objects are the same as last time is not drawn again. With 16 charts on the overview, each refetch cost thousands of label
 * formats (each building a new Intl formatter) and kept Chromium's main thread 75% busy. The
 * X axis also gets its ticks from us (`timeTicks`, `interval={0}`), so no collision pass runs.
 */
type MetricsChartProps = { series: MetricSeries[]; unit: string; withSeconds: boolean; testId?: string };

/** Same series objects (the query's structural sharing keeps an unchanged series' identity): nothing to draw again. */
function sameChart(a: MetricsChartProps, b: MetricsChartProps): boolean {
  return a.unit === b.unit && a.withSeconds === b.withSeconds && a.testId === b.testId && a.series.length === b.series.length && a.series.every((s, i) => s === b.series[i]);
}

export const MetricsChart = memo(function MetricsChart({ series, unit, withSeconds, testId }: MetricsChartProps) {
  const rows = useMemo(() => {
    const byTs = new Map<number, Record<string, number | null>>();
    series.forEach((s, i) => {
      for (const [t, v] of s.points) {
        const row = byTs.get(t) ?? { ts: t };
        row[`s${i}`] = v;
        byTs.set(t, row);
      }
    });
    return [...byTs.values()].sort((a, b) => a.ts! - b.ts!);
  }, [series]);
  const ticks = useMemo(() => (rows.length ? timeTicks(rows[0]!.ts!, rows.at(-1)!.ts!) : []), [rows]);
  const yLabel = useMemo(() => ({ value: unit, angle: -90, position: 'insideLeft' as const, style: axis }), [unit]);
  const tooltipValue = useMemo(() => (v: unknown, name: unknown) => [formatMetric(Number(v), unit), String(name)] as [string, string], [unit]);
  return (
    <div data-testid={testId}>
      <div className="h-40 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={margin}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis dataKey="ts" type="number" scale="time" domain={xDomain} ticks={ticks} interval={0} tickFormatter={withSeconds ? tickWithSeconds : tickWithoutSeconds} tick={axis} stroke="var(--border)" />
            <YAxis domain={yDomain} tickFormatter={unit === 'B/s' ? byteTick : numberTick} tick={axis} stroke="var(--border)" width={64} label={yLabel} />
            <Tooltip contentStyle={tooltipStyle} labelFormatter={tooltipLabel} formatter={tooltipValue} />
            {series.map((s, i) => (
              <Line key={`${s.label}-${i}`} type="linear" dataKey={`s${i}`} name={s.label} stroke={palette[i % palette.length]} dot={false} activeDot={activeDot} isAnimationActive={false} connectNulls={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      {/* A legend of our own: a list under the plot, outside Recharts' layout */}
      <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-muted">
        {series.map((s, i) => (
          <li key={`${s.label}-${i}`} className="flex items-center gap-1">
            <span aria-hidden className="inline-block size-2 rounded-full" style={{ background: palette[i % palette.length] }} />
            {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}, sameChart);
