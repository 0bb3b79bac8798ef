'use client';
import { Area, Bar, CartesianGrid, ComposedChart, Line, LineChart, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Reading } from '@/lib/contracts/weather';

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const axis = { stroke: 'var(--muted)', fontSize: 11, tickLine: false } as const;
const tooltipStyle = { background: 'var(--surface)', border: '1px solid var(--border)', fontSize: 12, color: 'var(--fg)' } as const;

function xAxis() {
  return <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={day} minTickGap={48} {...axis} />;
}

export function TemperatureChart({ daily }: { daily: Reading[] }) {
  const data = daily.map((r) => ({ t: Date.parse(r.observedAt), band: [r.tempMinC, r.tempMaxC], max: r.tempMaxC, min: r.tempMinC }));
  return (
    <ResponsiveContainer width="100%" height={220}>
      <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
        {xAxis()}
        <YAxis unit=" °C" width={56} {...axis} />
        <Tooltip contentStyle={tooltipStyle} labelFormatter={(t) => day(Number(t))} formatter={(v, name) => (name === 'band' ? [`${(v as number[]).join(' to ')} °C`, 'min to max'] : [`${v} °C`, name])} />
        <Area dataKey="band" name="band" stroke="none" fill="var(--accent)" fillOpacity={0.25} isAnimationActive={false} />
        <Line dataKey="max" name="max" stroke="var(--bad)" dot={false} strokeWidth={1} isAnimationActive={false} />
        <Line dataKey="min" name="min" stroke="var(--info)" dot={false} strokeWidth={1} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

export function PrecipitationChart({ daily }: { daily: Reading[] }) {
  const data = daily.map((r) => ({ t: Date.parse(r.observedAt), mm: r.precipitationMm }));
  return (
    <ResponsiveContainer width="100%" height={160}>
      <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
        {xAxis()}
        <YAxis unit=" mm" width={56} {...axis} />
        <Tooltip contentStyle={tooltipStyle} labelFormatter={(t) => day(Number(t))} formatter={(v) => [`${v} mm`, 'precipitation']} />
        <Bar dataKey="mm" fill="var(--info)" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function WindChart({ daily }: { daily: Reading[] }) {
  const data = daily.map((r) => ({ t: Date.parse(r.observedAt), wind: r.windMs }));
  return (
    <ResponsiveContainer width="100%" height={160}>
      <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
        {xAxis()}
        <YAxis unit=" m/s" width={56} {...axis} />
        <Tooltip contentStyle={tooltipStyle} labelFormatter={(t) => day(Number(t))} formatter={(v) => [`${v} m/s`, 'wind']} />
        <Line dataKey="wind" stroke="var(--ok)" dot={false} strokeWidth={1} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

export function PressureChart({ normals }: { normals: Reading[] }) {
  const data = normals.map((r) => ({ t: Date.parse(r.observedAt), hpa: r.pressureHpa }));
  return (
    <ResponsiveContainer width="100%" height={160}>
      <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
        {xAxis()}
        <YAxis unit=" hPa" width={72} domain={['auto', 'auto']} {...axis} />
        <Tooltip contentStyle={tooltipStyle} labelFormatter={(t) => new Date(Number(t)).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'} formatter={(v) => [`${v} hPa`, 'normal pressure']} />
        <Line dataKey="hpa" stroke="var(--warn)" dot={false} strokeWidth={1} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
