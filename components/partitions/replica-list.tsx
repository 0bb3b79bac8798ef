import { cn } from '@/components/ui/cn';

/** A replica list as chips: the first is the preferred leader; `highlight` marks brokers gained, `strike` brokers lost. */
export function ReplicaList({ replicas, highlight = [], strike = [], label }: { replicas: number[]; highlight?: number[]; strike?: number[]; label?: string }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1" aria-label={label ?? `replicas ${replicas.join(', ')}`} data-replicas={replicas.join(',')}>
      {replicas.map((b, i) => (
        <span
          key={b}
          title={i === 0 ? `broker ${b}: preferred leader` : `broker ${b}`}
          className={cn(
            'inline-flex h-5 min-w-6 items-center justify-center rounded border px-1 font-mono text-xs tabular',
            highlight.includes(b) ? 'border-ok/50 bg-ok/10 text-ok' : strike.includes(b) ? 'border-bad/40 bg-bad/10 text-bad line-through' : 'border-border bg-surface-2',
            i === 0 && 'font-semibold underline decoration-dotted underline-offset-2',
          )}
        >
          {b}
        </span>
      ))}
    </span>
  );
}
