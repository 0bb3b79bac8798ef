import 'server-only';
import type { WeatherStreamQuery } from '@/lib/contracts/streams';
import { holdStreamAndTopics } from '../auth/limits';
import type { Principal } from '../auth/principal';
import { database } from '../db/db';
import { eventSource, type LiveEvent, type LiveEventSource } from '../live/live-events';
import { HEARTBEAT_MS } from '../live/sse-writer';
import { listReadings } from './weather-store';
import { trackOpenStream } from '../observability/riffle-metrics';

const POLL_MS = 1_000;
const MAX_PER_EVENT = 1_000;

/**
 * New readings of one station as they land in the database, as an event source. The event id
 * is the newest observation time sent: a reconnecting EventSource sends it back (Last-Event-ID,
 * `resume`) and resumes after it, with no gap and no duplicate (a station's readings are stored
 * in event-time order). Each tick sends at most 1,000 readings; a backlog drains over several
 * ticks, never buffered.
 */
export async function openWeatherEvents(q: WeatherStreamQuery, resume: string | undefined, principal: Principal, { countSlot = true }: { countSlot?: boolean } = {}): Promise<LiveEventSource> {
  // Resume token: "<observedAt>|<kind>" of the last reading sent.
  const [resumeAt, resumeKind] = (resume ?? '').split('|');
  const resumed = Boolean(resumeAt && !Number.isNaN(Date.parse(resumeAt)));
  let cursor: string | undefined = resumed ? resumeAt : q.after;
  let cursorKind: string | undefined = resumed ? resumeKind : 'zzz';
  const db = await database();
  // Counts against the caller's live-stream limit like the message tails do (taken last, so a
  // failure above can't leak the slot).
  const releaseSlot = trackOpenStream('weather', countSlot ? holdStreamAndTopics(principal, 1) : () => {});
  let closed = false;
  let first = true;
  let full = false;
  let lastSent = Date.now();
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;
  const close = () => {
    if (closed) return;
    closed = true;
    releaseSlot();
    if (timer) clearTimeout(timer);
    wake?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      wake = r;
      timer = setTimeout(r, ms);
    });
  const tick = async (): Promise<LiveEvent[]> => {
    try {
      if (cursor === undefined) {
        // No position given: start after the newest stored reading (the page loaded those).
        const newest = await listReadings(db.db, { station: q.station, limit: 1 });
        cursor = newest[0]?.observedAt ?? '0000';
        cursorKind = 'zzz';
      }
      const readings = await listReadings(db.db, { station: q.station, after: cursor, afterKind: cursorKind, limit: MAX_PER_EVENT });
      full = readings.length === MAX_PER_EVENT;
      if (readings.length > 0) {
        cursor = readings[readings.length - 1]!.observedAt;
        cursorKind = readings[readings.length - 1]!.kind;
        lastSent = Date.now();
        return [{ type: 'readings', id: `${cursor}|${cursorKind}`, readings }];
      }
      if (Date.now() - lastSent > HEARTBEAT_MS) {
        lastSent = Date.now();
        return [{ type: 'heartbeat' }];
      }
      return [];
    } catch (err) {
      return [{ type: 'problem', message: (err as Error).message }];
    }
  };
  const pull = async (): Promise<LiveEvent[] | null> => {
    for (;;) {
      if (closed) return null;
      if (!first) await sleep(full ? 50 : POLL_MS);
      first = false;
      if (closed) return null;
      const events = await tick();
      if (closed) return null;
      if (events.length) return events;
    }
  };
  return eventSource(2_000, pull, close);
}
