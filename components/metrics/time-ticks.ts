/**
 * Time-axis ticks for the metrics charts, chosen here rather than by Recharts: given explicit
 * ticks and `interval={0}`, Recharts draws them as they are, without its collision pass (which
 * formats and measures every candidate label on every render of every axis).
 */

// nice spacings between labels, from 10 s to a day
const SPACINGS_MS = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);

/** About `target` round times (multiples of a nice spacing, in UTC) inside [min, max]. */
export function timeTicks(min: number, max: number, target = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  if (max === min) return [min];
  const spacing = SPACINGS_MS.find((s) => (max - min) / s <= target) ?? SPACINGS_MS.at(-1)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / spacing) * spacing; t <= max; t += spacing) ticks.push(t);
  return ticks;
}

// One formatter each, made once: Date#toLocaleTimeString(locale, options) builds a new ICU
// formatter on every call (the cost that, per label and per render, pinned the page's CPU).
const hms = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const hm = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const full = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });

/** A tick's label: seconds while the chart spans an hour or less. */
export function tickLabel(ts: number, withSeconds: boolean): string {
  return (withSeconds ? hms : hm).format(ts);
}

/** A tooltip's time, with the zone named ("5 Dec 2026, 11:40:05 UTC"). */
export function pointTime(ts: number): string {
  return full.format(ts);
}
