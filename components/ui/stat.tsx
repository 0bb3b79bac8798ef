import { cn } from './cn';

/** One figure with its label and unit. */
export function Stat({ label, value, unit, hint, tone }: { label: string; value: React.ReactNode; unit?: string; hint?: React.ReactNode; tone?: 'bad' | 'warn' }) {
  return (
    <div className="rounded-lg border border-border bg-surface px-4 py-3">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className={cn('mt-1 text-2xl font-semibold tabular', tone === 'bad' && 'text-bad', tone === 'warn' && 'text-warn')}>
        {value}
        {unit && <span className="ml-1 text-xs font-normal text-muted">{unit}</span>}
        {hint && <span className="mt-0.5 block text-xs font-normal text-muted">{hint}</span>}
      </dd>
    </div>
  );
}
