import { database } from '@/lib/server/db/db';
import { handle, json } from '@/lib/server/http';
import { weatherSourceTopics } from '@/lib/server/weather/pipeline-status';
import { listStations } from '@/lib/server/weather/weather-store';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  return handle(req, { role: 'viewer', derivedFrom: weatherSourceTopics() }, async () => {
    const db = await database();
    return json({ stations: await listStations(db.db), database: db.dialect });
  });
}
