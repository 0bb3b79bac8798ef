import 'server-only';
import { liveQuery } from '@/lib/contracts/weather';
import { holdStreamAndTopics } from '../auth/limits';
import type { Principal } from '../auth/principal';
import { database } from '../db/db';
import { listReadings } from './weather-store';
import { trackOpenStream } from '../observability/riffle-metrics';

const POLL_MS = 1_000;
const HEARTBEAT_MS = 15_000;
const MAX_PER_EVENT = 1_000;

/**
 * New readings of one station as they land in the database, as SSE. The event id is the newest
 * observation time sent: a reconnecting EventSource sends it back (Last-Event-ID) and resumes
 * after it, with no gap and no duplicate (a station's readings are stored in event-time order).
 * Each tick sends at most 1,000 readings; a backlog drains over several ticks, never buffered.
 */
export async function openWeatherLiveStream(req: Request, query: Record<string, unknown>, principal: Principal, { countSlot = true }: { countSlot?: boolean } = {}): Promise<Response> {
  const q = liveQuery.parse(query);
  // Resume token: "<observedAt>|<kind>" of the last reading sent.
  const [resumeAt, resumeKind] = (req.headers.get('last-event-id') ?? '').split('|');
  const resumed = Boolean(resumeAt && !Number.isNaN(Date.parse(resumeAt)));
  let cursor: string | undefined = resumed ? resumeAt : q.after;
  let cursorKind: string | undefined = resumed ? resumeKind : 'zzz';
  const db = await database();
  // Counts against the caller's live-stream limit like the message tails do (taken last, so a
  // failure above can't leak the slot).
  const releaseSlot = trackOpenStream('weather', countSlot ? holdStreamAndTopics(principal, 1) : () => {});
  const encoder = new TextEncoder();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let lastSent = Date.now();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        releaseSlot();
        if (timer) clearTimeout(timer);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      req.signal.addEventListener('abort', close);
      controller.enqueue(encoder.encode(`retry: 2000\n: station ${JSON.stringify(q.station)}\n\n`));
      let full = false;
      const tick = async () => {
        if (closed) return;
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
            controller.enqueue(encoder.encode(`event: readings\nid: ${cursor}|${cursorKind}\ndata: ${JSON.stringify({ readings })}\n\n`));
            lastSent = Date.now();
          } else if (Date.now() - lastSent > HEARTBEAT_MS) {
            controller.enqueue(encoder.encode(`: heartbeat\n\n`));
            lastSent = Date.now();
          }
        } catch (err) {
          controller.enqueue(encoder.encode(`event: problem\ndata: ${JSON.stringify({ message: (err as Error).message })}\n\n`));
        }
        if (!closed) timer = setTimeout(() => void tick(), full ? 50 : POLL_MS);
      };
      void tick();
    },
    cancel() {
      if (!closed) releaseSlot();
      closed = true;
      if (timer) clearTimeout(timer);
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    },
  });
}
