import { windowsQuery } from '@/lib/contracts/weather';
import { database } from '@/lib/server/db/db';
import { handle, json, queryOf } from '@/lib/server/http';
import { weatherSourceTopics } from '@/lib/server/weather/pipeline-status';
import { latestWindows } from '@/lib/server/weather/weather-store';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  return handle(req, { role: 'viewer', derivedFrom: weatherSourceTopics() }, async () => {
    const q = windowsQuery.parse(queryOf(req));
    const db = await database();
    return json({ station: q.station, windows: await latestWindows(db.db, q.station, q.limit) });
  });
}
