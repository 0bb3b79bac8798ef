'use client';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricSeries } from '@/lib/contracts/broker-metrics';
import { formatBytes } from '@/components/ui/format';

// The lag chart's look (components/groups/lag-chart.tsx): same palette, axes and tooltip.
const palette = ['#3b82f6', '#f59e0b', '#10b981', '#a855f7', '#ef4444', '#06b6d4', '#84cc16', '#ec4899'];
const axis = { fontSize: 11, fill: 'var(--muted)' };
const tooltipStyle = { background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 6, fontSize: 12, color: 'var(--fg)' };
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const precise = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A value with its unit: bytes per second in binary units, the rest as numbers with the unit named. */
export function formatMetric(v: number | null | undefined, unit: string, short = false): string {
  if (v == null || !Number.isFinite(v)) return '—';
  if (unit === 'B/s') return `${formatBytes(v)}/s`;
  return `${short ? compact.format(v) : precise.format(v)} ${unit}`;
}

function tickTime(ts: number, spanMs: number): string {
  const d = new Date(ts);
  return d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: spanMs <= 3_600_000 ? '2-digit' : undefined });
}

/** One metric over time, a line per broker or topic; gaps where no scrape landed. */
export function MetricsChart({ series, unit, from, to, testId }: { series: MetricSeries[]; unit: string; from: number; to: number; testId?: string }) {
  const byTs = new Map<number, Record<string, number | null>>();
  series.forEach((s, i) => {
    for (const [t, v] of s.points) {
      const row = byTs.get(t) ?? { ts: t };
      row[`s${i}`] = v;
      byTs.set(t, row);
    }
  });
  const rows = [...byTs.values()].sort((a, b) => a.ts! - b.ts!);
  return (
    <div data-testid={testId}>
      <div className="h-40 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis dataKey="ts" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => tickTime(t, to - from)} tick={axis} stroke="var(--border)" />
          <YAxis domain={[0, 'auto']} tickFormatter={(v: number) => (unit === 'B/s' ? formatBytes(v) : compact.format(v))} tick={axis} stroke="var(--border)" width={64} label={{ value: unit, angle: -90, position: 'insideLeft', style: axis }} />
          <Tooltip
            contentStyle={tooltipStyle}
            labelFormatter={(t) => new Date(Number(t)).toLocaleString('en-GB', { timeZoneName: 'short' })}
            formatter={(v, name) => [formatMetric(Number(v), unit), name]}
          />
          {series.map((s, i) => (
            <Line key={`${s.label}-${i}`} type="monotone" dataKey={`s${i}`} name={s.label} stroke={palette[i % palette.length]} dot={false} isAnimationActive={false} connectNulls={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
      </div>
      {/* A legend of our own: Recharts' Legend in a chart this short re-measured itself without end (the page hung) */}
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
}
