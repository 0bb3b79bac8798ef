import { handle, queryOf } from '@/lib/server/http';
import { weatherSourceTopics } from '@/lib/server/weather/pipeline-status';
import { openWeatherLiveStream } from '@/lib/server/weather/live-readings';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** New readings of one station as Server-Sent Events (lib/server/weather/live-readings.ts). */
export async function GET(req: Request) {
  return handle(req, { role: 'viewer', reads: weatherSourceTopics(), derivedFrom: weatherSourceTopics() }, ({ principal }) => openWeatherLiveStream(req, queryOf(req), principal));
}
