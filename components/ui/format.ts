const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return integer.format(n);
}

export function formatMs(ms: number | null | undefined): string {
  if (ms == null) return '—';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** "14:03:22 UTC" style, with the zone named. */
/** An age with its unit, coarse as people read ages: "4 s", "3 min", "2 h". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h`;
}

export function formatTime(iso: string, zone: 'local' | 'UTC' = 'local'): string {
  const d = new Date(iso);
  return d.toLocaleTimeString('en-GB', { timeZone: zone === 'UTC' ? 'UTC' : undefined, timeZoneName: 'short' });
}

const BYTE_STEPS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** Bytes in binary units, three significant figures: "0 B", "812 B", "1.21 MiB", "38.4 GiB". */
export function formatBytes(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—';
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < BYTE_STEPS.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${n < 0 ? '-' : ''}${v.toFixed(digits)} ${BYTE_STEPS[i]}`;
}

/**
 * A moment as a datetime-local input shows it, in the browser's zone ("2026-11-25T14:03:07").
 * From the date's own fields, so a date across a DST change keeps its hour.
 */
export function toDateTimeLocal(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
