import 'server-only';
import type { WireMessage } from '@/lib/contracts/messages';
import { matches, type MessageFilter } from '@/lib/messages/filter';
import { holdStreamAndTopics } from '../auth/limits';
import type { Principal } from '../auth/principal';
import { assertCanReadMessages } from '../auth/topic-access';
import { wireMasker } from './mask-wire';
import { decodeToken, encodeToken, TokenError, type Positions } from '@/lib/messages/resume-token';
import { BadRequest } from '../errors';
import { describeCause } from '../kafka/kafka-errors';
import { browseReaderFor, type PartitionBatch } from './kafka-reader';
import { messageFilterView, parseFilter } from './browse';
import { acquireHub, releaseHub, type HubStatus, type HubWatcher, type TailHub } from './tail-hub';
import { riffleMetrics, trackOpenStream } from '../observability/riffle-metrics';
import { eventSource, type LiveEvent, type LiveEventSource } from '../live/live-events';
import { HEARTBEAT_MS } from '../live/sse-writer';
import { singleton } from '../singleton';
import type { LiveStreamQuery } from '@/lib/contracts/streams';

/** Messages a client may have waiting on the server before the oldest are dropped. */
export const MAX_QUEUED = 5_000;
const MAX_PER_EVENT = 500;
/** Messages handed to the writer per step (a few events: a chunk of ~250 kB for ~200 B messages). */
const MAX_PER_STEP = 1_000;
/** Catch-up fetch sizes: small enough to hand over in steps, large enough to keep the broker busy. */
const CATCH_UP_FETCH_BYTES = 2 * 1024 * 1024;
const CATCH_UP_PARTITION_BYTES = 1024 * 1024;

/**
 * Every open stream of this process. On SIGTERM/SIGINT they are ended at once: Next's graceful
 * shutdown waits for open responses, and a live tail never ends by itself, so without this a
 * stopping server stops listening but lives on for as long as any tail stays open; ended, the
 * browsers reconnect (EventSource, with Last-Event-ID) to whichever server answers next.
 */
function openSessions(): Set<LiveSession> {
  return singleton('riffle.liveSessions', () => {
    const sessions = new Set<LiveSession>();
    const endAll = () => {
      for (const s of [...sessions]) s.close();
    };
    process.once('SIGTERM', endAll);
    process.once('SIGINT', endAll);
    return sessions;
  });
}

/**
 * One SSE connection: any number of topics, one stream (a tab holds one connection whatever it
 * watches). Positions are tracked twice: `recv` dedupes (a record is accepted once, whether it
 * came from catch-up or the hub), `sent` is what the client has been given — the resume token.
 */
class LiveSession implements HubWatcher {
  private readonly recv: Positions = new Map();
  private readonly sent: Positions = new Map();
  private readonly queue: WireMessage[] = [];
  private control: LiveEvent[] = [];
  private dropped = 0;
  private wake: (() => void) | null = null;
  private closed = false;
  private readonly hubs: TailHub[] = [];
  private readonly catchingUp = new Set<string>();
  private readonly pending = new Map<string, WireMessage[]>();
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private failure: { code: string; message: string } | null = null;
  private roomWaiters: (() => void)[] = [];
  private readonly untrack = trackOpenStream('live');

  constructor(
    private readonly clusterId: string,
    private readonly filter: MessageFilter | null,
    /** Per-topic masking for this caller (wireMasker); applied before the filter. */
    private readonly maskFor: (topic: string) => (m: WireMessage) => WireMessage = () => (m) => m,
  ) {
    openSessions().add(this);
  }

  async open(topics: string[], start: Positions | null, from: string): Promise<void> {
    const reader = browseReaderFor(this.clusterId);
    for (const topic of topics) {
      this.catchingUp.add(topic);
      this.pending.set(topic, []);
      const hub = await acquireHub(this.clusterId, topic, this);
      this.hubs.push(hub);
      if (this.closed) return;
      const parts = [...hub.positions.keys()];
      let begin: Map<number, number>;
      const given = start?.get(topic);
      if (start && given) {
        const [lows, highs] = await Promise.all([reader.offsets(topic, parts, 'earliest'), reader.offsets(topic, parts, 'latest')]);
        begin = new Map();
        for (const p of parts) {
          const o = given?.get(p);
          if (o !== undefined && o > (highs.get(p) ?? 0)) {
            throw new BadRequest(`resume token: offset ${o} of ${topic}/${p} is past the end (${highs.get(p)})`, 'resume', 'OFFSET_OUT_OF_RANGE');
          }
          // a partition the token does not know is new since: read it from its beginning
          begin.set(p, Math.max(o ?? 0, lows.get(p) ?? 0));
        }
        for (const p of given?.keys() ?? []) {
          if (!hub.positions.has(p)) throw new BadRequest(`resume token: topic "${topic}" has no partition ${p}`, 'resume', 'BAD_RESUME_TOKEN');
        }
      } else if (start || from === 'latest') {
        begin = new Map(hub.positions);
      } else if (from === 'earliest') {
        begin = await reader.offsets(topic, parts, 'earliest');
      } else if (from.startsWith('tail:')) {
        const n = Number(from.slice(5));
        const [lows, highs] = await Promise.all([reader.offsets(topic, parts, 'earliest'), reader.offsets(topic, parts, 'latest')]);
        begin = new Map(parts.map((p) => [p, Math.max(lows.get(p) ?? 0, (highs.get(p) ?? 0) - n)]));
      } else {
        begin = await reader.offsets(topic, parts, Number(from.slice(10)));
      }
      this.recv.set(topic, new Map(begin));
      this.sent.set(topic, new Map(begin));
    }
    if (start) {
      for (const t of start.keys()) if (!topics.includes(t)) throw new BadRequest(`resume token names topic "${t}", which this stream does not watch`, 'resume', 'BAD_RESUME_TOKEN');
    }
    this.control.push({ type: 'ready', id: this.token(), topics: this.hubs.map((h) => ({ topic: h.topic, partitions: h.partitionCount })) });
    for (const hub of this.hubs) if (hub.status) this.onStatus(hub.topic, hub.status);
    this.heartbeat = setInterval(() => {
      this.control.push({ type: 'heartbeat' });
      this.notify();
    }, HEARTBEAT_MS);
    for (const hub of this.hubs) void this.catchUp(hub);
    this.notify();
  }

  private token(): string {
    return encodeToken(this.sent);
  }

  /**
   * Reads from this client's start up to the hub's position, then switches to the hub's stream.
   * Pipelined: the next fetch is already on its way while the client drains this one, and
   * records that don't fit the queue yet wait here for room instead of being read again.
   */
  private async catchUp(hub: TailHub): Promise<void> {
    const reader = browseReaderFor(this.clusterId);
    const topic = hub.topic;
    const recv = this.recv.get(topic)!;
    // where the next fetch starts: ahead of `recv` while fetched records wait for room
    const cursor = new Map(recv);
    const behind = () => new Map([...cursor].filter(([p, o]) => o < (hub.positions.get(p) ?? 0)));
    const fetchBehind = (positions: Map<number, number>) => reader.fetch(topic, positions, { maxWaitMs: 0, maxBytes: CATCH_UP_FETCH_BYTES, partitionMaxBytes: CATCH_UP_PARTITION_BYTES });
    let ahead: Promise<PartitionBatch[]> | null = null;
    try {
      for (;;) {
        if (this.closed) return;
        let batches: PartitionBatch[];
        if (ahead) {
          batches = await ahead;
          ahead = null;
        } else {
          const from = behind();
          if (from.size === 0) {
            // synchronous from here: the hub cannot emit between this check and the switch
            this.catchingUp.delete(topic);
            const pending = this.pending.get(topic) ?? [];
            this.pending.delete(topic);
            this.accept(topic, pending);
            return;
          }
          batches = await fetchBehind(from);
        }
        if (this.closed) return;
        for (const b of batches) if (b.nextOffset > (cursor.get(b.partition) ?? 0)) cursor.set(b.partition, b.nextOffset);
        const next = behind();
        if (next.size) {
          ahead = fetchBehind(next);
          ahead.catch(() => {}); // awaited (and its error reported) on the next turn
        }
        for (const b of batches) {
          // catch-up waits for the client instead of dropping
          for (let i = 0; i < b.records.length; ) {
            while (this.queue.length > MAX_QUEUED / 2 && !this.closed) await new Promise<void>((r) => this.roomWaiters.push(r));
            if (this.closed) return;
            const take = Math.max(0, MAX_QUEUED - this.queue.length);
            this.accept(topic, i === 0 && take >= b.records.length ? b.records : b.records.slice(i, i + take));
            i += take;
          }
          // past control records (transaction markers) at the end of the batch too
          if (b.nextOffset > (recv.get(b.partition) ?? 0)) recv.set(b.partition, b.nextOffset);
        }
      }
    } catch (err) {
      this.onFailure('CATCH_UP_FAILED', `could not read ${topic}: ${describeCause(err)}`);
    }
  }

  onRecords(topic: string, records: WireMessage[]): void {
    if (this.catchingUp.has(topic)) {
      const p = this.pending.get(topic)!;
      p.push(...records);
      // catch-up re-reads from Kafka whatever is discarded here, so this stays bounded
      if (p.length > MAX_QUEUED) this.pending.set(topic, []);
      return;
    }
    this.accept(topic, records);
  }

  private accept(topic: string, records: WireMessage[]): void {
    const recv = this.recv.get(topic);
    if (!recv) return;
    const mask = this.maskFor(topic);
    for (const raw of records) {
      if (raw.offset < (recv.get(raw.partition) ?? 0)) continue; // seen already: no duplicates
      recv.set(raw.partition, raw.offset + 1);
      const m = mask(raw);
      if (this.filter && !matches(messageFilterView(m), this.filter)) continue;
      this.queue.push(m);
    }
    if (this.queue.length > MAX_QUEUED) {
      // slow client: drop the oldest, move the token past them, and say how many
      const gone = this.queue.splice(0, this.queue.length - MAX_QUEUED);
      for (const m of gone) this.advance(m);
      this.dropped += gone.length;
      riffleMetrics().sseDropped.inc({ kind: 'live' }, gone.length);
    }
    this.notify();
  }

  private advance(m: WireMessage): void {
    this.sent.get(m.topic)?.set(m.partition, m.offset + 1);
  }

  /** `event: status` ({topic, state, message, since}): Kafka went away or came back; the stream stays open. */
  onStatus(topic: string, status: HubStatus): void {
    if (this.closed) return;
    this.control.push({ type: 'status', topic, ...status });
    this.notify();
  }

  onFailure(code: string, message: string): void {
    this.failure ??= { code, message };
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** The next events for the client, waiting for some; null when the stream is over. */
  async next(): Promise<LiveEvent[] | null> {
    for (;;) {
      if (this.closed) return null;
      const out = this.control;
      this.control = [];
      if (this.dropped > 0) {
        out.push({ type: 'dropped', id: this.token(), count: this.dropped });
        this.dropped = 0;
      }
      let taken = 0;
      while (this.queue.length && taken < MAX_PER_STEP) {
        const batch = this.queue.splice(0, MAX_PER_EVENT);
        taken += batch.length;
        for (const m of batch) this.advance(m);
        out.push({ type: 'messages', id: this.token(), messages: batch });
      }
      if (!out.length && this.failure) {
        const f = this.failure;
        this.close();
        return [{ type: 'failure', ...f }];
      }
      if (out.length) {
        for (const w of this.roomWaiters.splice(0)) w();
        return out;
      }
      await new Promise<void>((r) => (this.wake = r));
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    openSessions().delete(this);
    this.untrack();
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const w of this.roomWaiters.splice(0)) w();
    for (const hub of this.hubs) releaseHub(hub, this);
    this.notify();
  }
}

export interface StreamOptions {
  /** false when the stream is a sub-stream of a multiplexed one, which holds the caller's slot and counts its topics. */
  countSlot?: boolean;
}

/** A resume token (Last-Event-ID, or the query's `resume`) as positions; a 400 naming `resume` when it is not one. */
function startOf(token: string | undefined): Positions | null {
  if (!token) return null;
  try {
    return decodeToken(token);
  } catch (err) {
    if (err instanceof TokenError) throw new BadRequest(err.message, 'resume', 'BAD_RESUME_TOKEN');
    throw err;
  }
}

/**
 * Opens a live tail of `q.topic` as an event source. Validates everything first (topics, read
 * rules, the filter, the resume token against the topics), so bad input is a 4xx before any
 * byte is sent. `resume` (Last-Event-ID) takes precedence over the query's own.
 */
export async function openLiveEvents(clusterId: string, q: LiveStreamQuery, resume: string | undefined, principal?: Principal, { countSlot = true }: StreamOptions = {}): Promise<LiveEventSource> {
  const topics = q.topic;
  const filter = parseFilter(q);
  const start = startOf(resume || q.resume);
  // Every topic of a multi-topic stream passes the same per-topic read rules as a single one.
  if (principal) for (const t of topics) assertCanReadMessages(principal, t);
  const maskers = new Map<string, (m: WireMessage) => WireMessage>();
  const maskFor = (t: string) => {
    if (!principal) return (m: WireMessage) => m;
    let m = maskers.get(t);
    if (!m) maskers.set(t, (m = wireMasker(principal, t)));
    return m;
  };
  const releaseSlot = principal && countSlot ? holdStreamAndTopics(principal, topics.length) : () => {};
  const session = new LiveSession(clusterId, filter, maskFor);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    releaseSlot();
    session.close();
  };
  try {
    await session.open(topics, start, q.from);
  } catch (err) {
    release();
    throw err;
  }
  return eventSource(1_000, () => session.next(), release);
}
