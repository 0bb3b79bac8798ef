'use client';
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LagHistory } from '@/lib/contracts/groups';

const palette = ['#3b82f6', '#f59e0b', '#10b981', '#a855f7', '#ef4444', '#06b6d4', '#84cc16', '#ec4899'];
const axis = { fontSize: 11, fill: 'var(--muted)' };
const count = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

function tickTime(ts: number, spanMs: number): string {
  const d = new Date(ts);
  return spanMs > 36 * 3_600_000
    ? d.toLocaleDateString('en-GB', { day: '2-digit', month: 'short' })
    : d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: spanMs < 3_600_000 ? '2-digit' : undefined });
}

const tooltipStyle = { background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 6, fontSize: 12, color: 'var(--fg)' };

/** Total lag over time, stacked per topic. */
export function LagOverTimeChart({ history }: { history: LagHistory }) {
  const rows = history.points.map((p) => ({ ts: p.ts, ...p.byTopic }));
  const span = history.points.length ? history.points.at(-1)!.ts - history.points[0]!.ts : 0;
  return (
    <div className="h-64 w-full" data-testid="lag-chart">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis dataKey="ts" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => tickTime(t, span)} tick={axis} stroke="var(--border)" />
          <YAxis tickFormatter={(v: number) => count.format(v)} tick={axis} stroke="var(--border)" width={52} label={{ value: 'messages', angle: -90, position: 'insideLeft', style: axis }} />
          <Tooltip contentStyle={tooltipStyle} labelFormatter={(t) => new Date(Number(t)).toLocaleString('en-GB', { timeZoneName: 'short' })} formatter={(v) => [`${Number(v).toLocaleString('en-US')} messages`]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {history.topics.map((t, i) => (
            <Area key={t} type="linear" dataKey={t} name={`${t} lag`} stackId="lag" stroke={palette[i % palette.length]} fill={palette[i % palette.length]} fillOpacity={0.2} activeDot={{ r: 3 }} isAnimationActive={false} />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Consumption (committed offsets advancing) and production (log end advancing), messages per second. */
export function RatesChart({ history }: { history: LagHistory }) {
  const rows = history.points.filter((p) => p.consumeRate != null).map((p) => ({ ts: p.ts, consume: p.consumeRate, produce: p.produceRate }));
  const span = rows.length ? rows.at(-1)!.ts - rows[0]!.ts : 0;
  return (
    <div className="h-48 w-full" data-testid="rates-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis dataKey="ts" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => tickTime(t, span)} tick={axis} stroke="var(--border)" />
          <YAxis tickFormatter={(v: number) => count.format(v)} tick={axis} stroke="var(--border)" width={52} label={{ value: 'msg/s', angle: -90, position: 'insideLeft', style: axis }} />
          <Tooltip contentStyle={tooltipStyle} labelFormatter={(t) => new Date(Number(t)).toLocaleString('en-GB', { timeZoneName: 'short' })} formatter={(v, name) => [`${Number(v).toFixed(1)} msg/s`, name]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line type="linear" dataKey="consume" name="consumed" stroke="#10b981" dot={false} activeDot={{ r: 3 }} isAnimationActive={false} />
          <Line type="linear" dataKey="produce" name="produced" stroke="#3b82f6" dot={false} activeDot={{ r: 3 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
