import type { LagStatus } from '@/lib/contracts/groups';
import { StatusBadge, type Tone } from '@/components/ui/status-badge';

const tone: Record<LagStatus, Tone> = { OK: 'ok', WARNING: 'warn', STALLED: 'bad', STOPPED: 'bad', REWOUND: 'warn', UNKNOWN: 'neutral' };
const words: Record<LagStatus, string> = { OK: 'OK', WARNING: 'Warning', STALLED: 'Stalled', STOPPED: 'Stopped', REWOUND: 'Rewound', UNKNOWN: 'Unknown' };

/** Burrow-style status in words and colour; the reason is the tooltip (and shown in full on the group page). */
export function LagStatusBadge({ status, reason }: { status: LagStatus; reason?: string }) {
  return (
    <span title={reason} data-testid="lag-status" data-status={status}>
      <StatusBadge tone={tone[status]}>{words[status]}</StatusBadge>
    </span>
  );
}

/** "3 min 20 s", "2 h 5 min", "caught up", "not catching up". */
export function formatEta(seconds: number | null): string {
  if (seconds == null) return 'not catching up';
  if (seconds === 0) return 'caught up';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60 ? `${s % 60} s` : ''}`.trim();
  const h = Math.floor(s / 3600);
  if (h < 48) return `${h} h ${Math.round((s % 3600) / 60)} min`;
  return `${Math.round(h / 24)} d`;
}

export function formatRate(perSecond: number | null): string {
  if (perSecond == null) return '—';
  return perSecond < 10 ? perSecond.toFixed(1) : Math.round(perSecond).toLocaleString('en-US');
}
