import { handle, json, queryOf, readJson, type Params } from '@/lib/server/http';
import { browseMessages } from '@/lib/server/messages/browse';
import { wireMasker } from '@/lib/server/messages/mask-wire';
import { produceMessages } from '@/lib/server/messages/produce';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = Params<{ cluster: string; topic: string }>;

export async function GET(req: Request, { params }: Ctx) {
  const { cluster, topic } = await params;
  return handle(
    req,
    { role: 'viewer', cluster, messagesOf: topic },
    async ({ principal }) => json(await browseMessages(cluster, topic, queryOf(req), wireMasker(principal, topic))),
    { topic },
  );
}

export async function POST(req: Request, { params }: Ctx) {
  const { cluster, topic } = await params;
  return handle(req, { role: 'operator', cluster, mutation: true }, async ({ principal }) => json(await produceMessages(cluster, topic, await readJson(req), principal), 201), { topic });
}
