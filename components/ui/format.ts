const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return integer.format(n);
}

export function formatMs(ms: number | null | undefined): string {
  if (ms == null) return '—';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** "14:03:22 UTC" style, with the zone named. */
export function formatTime(iso: string, zone: 'local' | 'UTC' = 'local'): string {
  const d = new Date(iso);
  return d.toLocaleTimeString('en-GB', { timeZone: zone === 'UTC' ? 'UTC' : undefined, timeZoneName: 'short' });
}
