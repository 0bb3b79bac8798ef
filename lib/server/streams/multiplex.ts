import 'server-only';
import { ZodError } from 'zod';
import { decodeMuxId, streamsQuery, type SubStream } from '@/lib/contracts/streams';
import { holdStreamAndTopics } from '../auth/limits';
import { assertCanReadMessages } from '../auth/topic-access';
import type { Principal } from '../auth/principal';
import { AppError, BadRequest, fromZodError } from '../errors';
import { mapKafkaError } from '../kafka/kafka-errors';
import type { LiveEventSource } from '../live/live-events';
import { multiplexedResponse, type MuxPart } from '../live/sse-writer';
import { openLiveEvents } from '../messages/live-stream';
import { openWeatherEvents } from '../weather/live-readings';
import { weatherSourceTopics } from '../weather/pipeline-status';

/**
 * Opens one sub-stream with its parsed query, exactly as its own route does (same source, same
 * per-topic read rules and masking for this principal), except that it does not take a stream
 * slot: the multiplexed connection holds the caller's one.
 */
function openSub(cluster: string, sub: SubStream, resume: string | undefined, principal: Principal): Promise<LiveEventSource> {
  if (sub.kind === 'live') return openLiveEvents(cluster, sub.query, resume, principal, { countSlot: false });
  // The weather route's guard checks the topics its readings come from; here, for this sub-stream.
  for (const topic of weatherSourceTopics()) assertCanReadMessages(principal, topic);
  return openWeatherEvents(sub.query, resume, principal, { countSlot: false });
}

/** The topics a sub-stream reads: a live one its topics, a weather one the topics its readings come from. */
export function subStreamTopics(sub: SubStream): string[] {
  return sub.kind === 'live' ? sub.query.topic : weatherSourceTopics();
}

/** What a sub-stream costs against the live-topics limit: its topics, or one for a weather one. */
const topicCost = (sub: SubStream) => (sub.kind === 'live' ? sub.query.topic.length : 1);

/** Every topic the request's sub-streams read, for the audit log ([] when `s` doesn't parse: the route answers 400). */
export function topicsOfStreams(query: Record<string, string>): string[] {
  const q = streamsQuery.safeParse(query);
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
 * stream slot. Each sub-stream is an event source opened with its parsed query; the one SSE
 * writer tags their events (multiplexedResponse). `lastEventId` (every sub-stream's last id,
 * as a reconnecting EventSource sends it back) resumes each after its own last event.
 * A sub-stream that cannot open fails the whole request (4xx naming `s.<i>`), before any byte
 * is sent, so the client can drop it and reconnect with the rest.
 */
export async function openMultiplexedStream(cluster: string, query: Record<string, string>, lastEventId: string | undefined, principal: Principal, signal: AbortSignal): Promise<Response> {
  const q = streamsQuery.parse(query);
  const tokenText = lastEventId || q.resume;
  let resumed = new Map<string, string>();
  if (tokenText) {
    const ids = decodeMuxId(tokenText);
    if (!ids) throw new BadRequest('resume token: not an id of this stream', 'resume', 'BAD_RESUME_TOKEN');
    resumed = ids;
  }
  // The connection holds one stream slot and counts every topic of every sub-stream (a weather
  // sub-stream counts one), so 32 sub-streams of 20 topics can't pass for one stream.
  const releaseSlot = holdStreamAndTopics(principal, q.s.reduce((n, sub) => n + topicCost(sub), 0));
  const opened: MuxPart[] = [];
  try {
    const results = await Promise.allSettled(
      q.s.map(async (sub, i) => {
        try {
          opened.push({ key: sub.key, source: await openSub(cluster, sub, resumed.get(sub.key) ?? sub.resume, principal) });
        } catch (err) {
          throw subError(err, i, sub);
        }
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (err) {
    for (const o of opened) o.source.close();
    releaseSlot();
    throw err;
  }
  const ids = new Map([...resumed].filter(([k]) => q.s.some((s) => s.key === k)));
  for (const s of q.s) if (!ids.has(s.key) && s.resume) ids.set(s.key, s.resume);
  // in the order the client listed them (opening finished in any order)
  const order = new Map(q.s.map((s, i) => [s.key, i]));
  opened.sort((a, b) => order.get(a.key)! - order.get(b.key)!);
  return multiplexedResponse(opened, ids, signal, releaseSlot);
}
