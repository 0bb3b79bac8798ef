import 'server-only';
import { ZodError } from 'zod';
import { decodeMuxId, encodeMuxId, muxData, streamsQuery, type SubStream } from '@/lib/contracts/streams';
import { holdStreamAndTopics } from '../auth/limits';
import { assertCanReadMessages } from '../auth/topic-access';
import type { Principal } from '../auth/principal';
import { AppError, BadRequest, fromZodError } from '../errors';
import { mapKafkaError } from '../kafka/kafka-errors';
import { HEARTBEAT_MS, openLiveStream, SSE_HEADERS } from '../messages/live-stream';
import { openWeatherLiveStream } from '../weather/live-readings';
import { weatherSourceTopics } from '../weather/pipeline-status';
import { SseParser } from './sse-parser';

/** Characters waiting for the client before the sub-streams stop being read (each then queues or drops as it does alone). */
const MAX_BUFFERED_CHARS = 1_000_000;

interface OpenSub {
  sub: SubStream;
  res: Response;
  abort: AbortController;
}

/** The sub-stream's own query as URL parameters (a list repeats the parameter). */
function searchOf(query: SubStream['query']): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  return params;
}

/**
 * Opens one sub-stream exactly as its own route would (same generator, same per-topic read
 * rules and masking for this principal), except that it does not take a stream slot: the
 * multiplexed connection holds the caller's one.
 */
async function openSub(cluster: string, sub: SubStream, resume: string | undefined, principal: Principal, abort: AbortController): Promise<Response> {
  const headers: Record<string, string> = resume ? { 'last-event-id': resume } : {};
  if (sub.kind === 'live') {
    const params = searchOf(sub.query);
    const url = `http://riffle.internal/api/clusters/${encodeURIComponent(cluster)}/live?${params}`;
    const topics = subStreamTopics(sub);
    return openLiveStream(new Request(url, { headers, signal: abort.signal }), cluster, topics, principal, { countSlot: false });
  }
  // The weather route's guard checks the topics its readings come from; here, for this sub-stream.
  for (const topic of weatherSourceTopics()) assertCanReadMessages(principal, topic);
  const url = `http://riffle.internal/api/weather/live?${searchOf(sub.query)}`;
  return openWeatherLiveStream(new Request(url, { headers, signal: abort.signal }), sub.query, principal, { countSlot: false });
}

/** The topics a sub-stream reads: a live one its topics, a weather one the topics its readings come from. */
export function subStreamTopics(sub: SubStream): string[] {
  if (sub.kind !== 'live') return weatherSourceTopics();
  return [...new Set(searchOf(sub.query).getAll('topic').filter(Boolean))];
}

/** What a sub-stream costs against the live-topics limit: its topics, or one for a weather one. */
const topicCost = (sub: SubStream) => (sub.kind === 'live' ? subStreamTopics(sub).length : 1);

/** Every topic the request's sub-streams read, for the audit log ([] when `s` doesn't parse: the route answers 400). */
export function topicsOfStreams(req: Request): string[] {
  const q = streamsQuery.safeParse({ s: new URL(req.url).searchParams.get('s') ?? undefined });
  return q.success ? [...new Set(q.data.s.flatMap(subStreamTopics))] : [];
}

/** An error opening sub-stream `i`, as the error of the whole request, naming the sub-stream. */
function subError(err: unknown, i: number, sub: SubStream): unknown {
  const e = err instanceof ZodError ? fromZodError(err) : err instanceof AppError ? err : mapKafkaError(err, {});
  if (!e) return err;
  // the sub-stream's own query field (or its resume token)
  const field = `s.${i}${e.field ? `.${e.field === 'resume' ? 'resume' : `query.${e.field}`}` : ''}`;
  return new AppError(e.status, e.code, `sub-stream "${sub.key}": ${e.message}`, field);
}

/**
 * GET /api/clusters/{cluster}/streams?s=[...]: several live streams on one connection, one
 * stream slot. Each sub-stream is opened by its own route's generator and its events are passed
 * on tagged: `event:` is the sub-stream's event name, `data:` a line {s: key, id: its own id} then
 * its data unchanged (muxData), and `id:` every sub-stream's last id together (encodeMuxId) — a reconnecting EventSource
 * sends that back and each sub-stream resumes after its own last event: no gap, no duplicate.
 * A sub-stream that ends without a `failure` (the server is stopping) ends the connection.
 * A sub-stream that cannot open fails the whole request (4xx naming `s.<i>`), before any byte
 * is sent, so the client can drop it and reconnect with the rest.
 */
export async function openMultiplexedStream(req: Request, cluster: string, principal: Principal): Promise<Response> {
  const url = new URL(req.url);
  const q = streamsQuery.parse({ s: url.searchParams.get('s') ?? undefined, resume: url.searchParams.get('resume') ?? undefined });
  const tokenText = req.headers.get('last-event-id') || q.resume;
  let resumed = new Map<string, string>();
  if (tokenText) {
    const ids = decodeMuxId(tokenText);
    if (!ids) throw new BadRequest('resume token: not an id of this stream', 'resume', 'BAD_RESUME_TOKEN');
    resumed = ids;
  }
  // The connection holds one stream slot and counts every topic of every sub-stream (a weather
  // sub-stream counts one), so 32 sub-streams of 20 topics can't pass for one stream.
  const releaseSlot = holdStreamAndTopics(principal, q.s.reduce((n, sub) => n + topicCost(sub), 0));
  const opened: OpenSub[] = [];
  const closeAll = () => {
    for (const o of opened) o.abort.abort();
  };
  try {
    const results = await Promise.allSettled(
      q.s.map(async (sub, i) => {
        const abort = new AbortController();
        try {
          const res = await openSub(cluster, sub, resumed.get(sub.key) ?? sub.resume, principal, abort);
          opened.push({ sub, res, abort });
        } catch (err) {
          throw subError(err, i, sub);
        }
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (err) {
    closeAll();
    releaseSlot();
    throw err;
  }

  const ids = new Map([...resumed].filter(([k]) => q.s.some((s) => s.key === k)));
  for (const s of q.s) if (!ids.has(s.key) && s.resume) ids.set(s.key, s.resume);
  const enc = new TextEncoder();
  let out: string[] = [`retry: 1000\n: ${q.s.length} sub-streams\n\n`];
  let outChars = 0;
  let wake: (() => void) | null = null;
  const roomWaiters: (() => void)[] = [];
  let closed = false;
  let live = opened.length;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const push = (text: string) => {
    out.push(text);
    outChars += text.length;
    notify();
  };
  const heartbeat = setInterval(() => push(`: heartbeat ${new Date().toISOString()}\n\n`), HEARTBEAT_MS);
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    closeAll();
    releaseSlot();
    for (const w of roomWaiters.splice(0)) w();
    notify();
  };

  const pump = async ({ sub, res }: OpenSub) => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    let failed = false;
    try {
      for (;;) {
        while (outChars > MAX_BUFFERED_CHARS && !closed) await new Promise<void>((r) => roomWaiters.push(r));
        if (closed) break;
        const { done, value } = await reader.read();
        if (done || closed) break;
        for (const ev of parser.push(decoder.decode(value, { stream: true }))) {
          if (ev.id !== null) ids.set(sub.key, ev.id);
          if (ev.event === 'failure') failed = true;
          push(`event: ${ev.event}\nid: ${encodeMuxId(ids)}\ndata: ${muxData(sub.key, ev.id, ev.data).replace(/\n/g, '\ndata: ')}\n\n`);
        }
      }
    } catch {
      // the sub-stream was aborted: the connection is closing
    } finally {
      reader.cancel().catch(() => {});
      // A sub-stream that failed said so (the client drops it; the others go on). One that ended
      // without failing (the server is stopping) ends the connection: the EventSource reconnects
      // and every sub-stream resumes from the event id. With every sub-stream over, so is it.
      if (--live === 0 || !failed) close();
    }
  };
  for (const o of opened) void pump(o);

  req.signal.addEventListener('abort', close, { once: true });
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (out.length) {
          const text = out.join('');
          out = [];
          outChars = 0;
          for (const w of roomWaiters.splice(0)) w();
          if (text) {
            controller.enqueue(enc.encode(text));
            return;
          }
        }
        if (closed) {
          req.signal.removeEventListener('abort', close);
          controller.close();
          return;
        }
        await new Promise<void>((r) => (wake = r));
      }
    },
    cancel() {
      close();
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
}
