import { liveQuery } from '@/lib/contracts/weather';
import { handle, queryOf } from '@/lib/server/http';
import { sseResponse } from '@/lib/server/live/sse-writer';
import { weatherSourceTopics } from '@/lib/server/weather/pipeline-status';
import { openWeatherEvents } from '@/lib/server/weather/live-readings';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** New readings of one station as Server-Sent Events (lib/server/weather/live-readings.ts). */
export async function GET(req: Request) {
  return handle(req, { role: 'viewer', reads: weatherSourceTopics(), derivedFrom: weatherSourceTopics() }, async ({ principal }) =>
    sseResponse(await openWeatherEvents(liveQuery.parse(queryOf(req)), req.headers.get('last-event-id') ?? undefined, principal), req.signal),
  );
}
