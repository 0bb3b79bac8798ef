import { handle, json, readJson, type Params } from '@/lib/server/http';
import { assertCanReadMessages } from '@/lib/server/auth/topic-access';
import { wireMasker } from '@/lib/server/messages/mask-wire';
import { listRuns, startRun } from '@/lib/server/replay/replay-runs';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The replay runs this console instance knows (newest first). */
export async function GET(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  return handle(req, { role: 'operator', cluster }, async () => json({ runs: listRuns(cluster) }));
}

/** Starts a replay (or a dry run): 202 with the run; poll GET …/replays/{id} for progress. */
export async function POST(req: Request, { params }: Params<{ cluster: string }>) {
  const { cluster } = await params;
  // 10 MB: an imported export file travels in the body.
  return handle(req, { role: 'operator', cluster, action: 'replay.start' }, async ({ principal, audit }) => {
    const body = (await readJson(req, 10 * 1024 * 1024)) as { selection?: { topic?: unknown } };
    const source = typeof body?.selection?.topic === 'string' ? body.selection.topic : null;
    if (source) assertCanReadMessages(principal, source);
    const run = await startRun(cluster, body, principal, (topic) => wireMasker(principal, topic));
    audit.target = run.target;
    audit.detail = `run ${run.id}${run.dryRun ? ' (dry run)' : ''}: ${run.selection} → ${run.target}${run.ratePerSecond ? ` at ${run.ratePerSecond}/s` : ''}`;
    return json(run, 202);
  });
}
