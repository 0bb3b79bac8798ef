'use client';
import { liveFrom } from '@/lib/contracts/messages';
import { controlClass } from '@/components/ui/form';
import { toDateTimeLocal } from '@/components/ui/format';

const CHOICES = [
  { value: 'latest', label: 'New messages only' },
  { value: 'tail:10', label: 'Last 10 per partition' },
  { value: 'tail:100', label: 'Last 100 per partition' },
  { value: 'tail:1000', label: 'Last 1,000 per partition' },
  { value: 'earliest', label: 'From the beginning' },
  { value: 'timestamp', label: 'From a time…' },
] as const;

export interface LiveStart {
  /** What the stream is asked for (`from`): a valid liveFrom value. */
  from: string;
  /** The link's `from` when it was not valid and `latest` is used instead. */
  rejected: string | null;
}

/** The page URL's `from`, checked with the API's own schema: a bad link tails new messages and says so. */
export function liveStartOf(param: string | null): LiveStart {
  if (param === null || param === '') return { from: 'latest', rejected: null };
  return liveFrom.safeParse(param).success ? { from: param, rejected: null } : { from: 'latest', rejected: param };
}

/** What the list says while nothing has arrived yet, for where the tail started. */
export function waitingText(from: string): string {
  if (from === 'earliest') return 'The topics hold no messages yet; new ones appear here.';
  if (from.startsWith('tail:')) return `No messages among the last ${from.slice(5)} of any partition; new ones appear here.`;
  if (from.startsWith('timestamp:')) return `No messages since ${new Date(Number(from.slice(10))).toLocaleString('en-GB', { hour12: false, timeZoneName: 'short' })}; new ones appear here.`;
  return 'Messages written from now on appear here.';
}

/**
 * Where a live tail starts: new messages only, the last N of each partition, the beginning, or a
 * point in time. It applies when the stream opens; a reconnect resumes after the last event seen.
 */
export function StartPicker({ from, onChange }: { from: string; onChange: (from: string) => void }) {
  const atTime = from.startsWith('timestamp:');
  const choice = atTime ? 'timestamp' : (CHOICES.find((c) => c.value === from)?.value ?? from);
  return (
    <span className="flex items-center gap-1">
      <label className="flex items-center gap-1 text-xs text-muted">
        Start
        <select
          className={controlClass}
          value={choice}
          onChange={(e) => {
            const v = e.target.value;
            // a time starts an hour back until the user picks one
            onChange(v === 'timestamp' ? `timestamp:${Date.now() - 3_600_000}` : v);
          }}
        >
          {CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
          {/* a tail:N from a shared link that is not one of the choices */}
          {!CHOICES.some((c) => c.value === choice) && <option value={choice}>{choice.replace('tail:', 'Last ')} per partition</option>}
        </select>
      </label>
      {atTime && (
        <label className="flex items-center gap-1 text-xs text-muted">
          <span className="sr-only">Start time (local)</span>
          {/* Applied on blur or Enter, as in the Messages tab: each edit of a field (typing a year
              digit by digit) is a valid time, and would reopen the stream from it. */}
          <input
            type="datetime-local"
            step={1}
            className={`${controlClass} tabular`}
            key={from}
            defaultValue={toDateTimeLocal(Number(from.slice(10)))}
            onBlur={(e) => {
              const ms = new Date(e.target.value).getTime();
              if (Number.isFinite(ms) && `timestamp:${ms}` !== from) onChange(`timestamp:${ms}`);
            }}
            onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
          />
        </label>
      )}
    </span>
  );
}
