import type { ConnectorState } from '@/lib/contracts/connect';
import { StatusBadge, type Tone } from '@/components/ui/status-badge';

const tone: Record<ConnectorState, Tone> = {
  RUNNING: 'ok',
  PAUSED: 'warn',
  STOPPED: 'neutral',
  FAILED: 'bad',
  UNASSIGNED: 'info',
  RESTARTING: 'info',
  UNKNOWN: 'neutral',
};

/** A connector's or task's state, in words and colour. */
export function ConnectorStateBadge({ state, className }: { state: ConnectorState; className?: string }) {
  return (
    <StatusBadge tone={tone[state]} className={className}>
      {state.toLowerCase()}
    </StatusBadge>
  );
}

/** "org.apache.kafka.connect.file.FileStreamSourceConnector" → "FileStreamSourceConnector". */
export const shortClass = (c: string | null) => (c ? c.slice(c.lastIndexOf('.') + 1) : '—');

export const connectorPath = (clusterBase: string, connect: string, name?: string) =>
  `${clusterBase}/connect/${encodeURIComponent(connect)}${name ? `/connectors/${encodeURIComponent(name)}` : ''}`;
