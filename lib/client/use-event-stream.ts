'use client';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { z } from 'zod';
import { streamKey, type StreamDescription } from './live/mux-plan';
import { streamHub, type HubRole } from './live/stream-hub';

export type StreamStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'paused' | 'closed';

export interface EventStreamState<T> {
  items: T[];
  status: StreamStatus;
  /** Events the server dropped because this client fell behind (sum of `dropped` events). */
  dropped: number;
  /** Items discarded here because the buffer is bounded. */
  evicted: number;
  error: string | null;
  /** Events per second over the last few seconds. */
  rate: number;
  /** The resume token of the last event seen (what EventSource sends back as Last-Event-ID). */
  lastEventId: string | null;
  /** Set while the server says (`status` events) it cannot fetch from Kafka and keeps retrying; null when live. */
  upstream: { topic: string; message: string; since: string } | null;
  clear: () => void;
  pause: () => void;
  resume: () => void;
}

interface Options {
  /** Buffer bound: the oldest items go first. */
  max?: number;
  /** The SSE event that carries an array of items. */
  event?: string;
}

/** A topic tail, described by its cluster and typed query (never a URL). */
export type LiveTailStream = Extract<StreamDescription, { kind: 'live' }>;

/**
 * One stream per call, through the tab's stream hub (one connection per browser): parses each `event`'s data (its text) with the zod schema on arrival, appends
 * to a bounded buffer, and renders at most once per animation frame however fast events come.
 * Pause closes the connection; resume reopens it from the last event id, so nothing is lost or
 * repeated in between (the server resumes from the token).
 */
export function useEventStream<S extends z.ZodType<unknown[], string>>(stream: LiveTailStream | null, schema: S, { max = 10_000, event = 'messages' }: Options = {}): EventStreamState<z.infer<S>[number]> {
  // the stream's identity: a new description (topics or filters changed) is a new stream
  const url = stream ? streamKey(stream) : null;
  type T = z.infer<S>[number];
  const [items, setItems] = useState<T[]>([]);
  const [conn, setConn] = useState<{ key: string; status: StreamStatus; error: string | null }>({ key: '', status: 'idle', error: null });
  const [dropped, setDropped] = useState(0);
  const [evicted, setEvicted] = useState(0);
  const [rate, setRate] = useState(0);
  const [paused, setPaused] = useState(false);
  const [lastEventId, setLastEventId] = useState<string | null>(null);
  const [upstream, setUpstream] = useState<Map<string, { topic: string; message: string; since: string }>>(new Map());
  // the resume token belongs to one stream: a new one (topics or filters changed) starts afresh
  const lastIdRef = useRef<{ url: string | null; id: string | null }>({ url: null, id: null });
  const pending = useRef<T[]>([]);
  const frame = useRef<number | null>(null);
  const arrivals = useRef<{ t: number; n: number }[]>([]);
  const [prevUrl, setPrevUrl] = useState(url);
  if (prevUrl !== url) {
    setPrevUrl(url);
    setItems([]);
    setDropped(0);
    setEvicted(0);
    setPaused(false);
    setLastEventId(null);
    setUpstream(new Map());
  }
  const connKey = `${url ?? ''}|${paused ? 'paused' : 'live'}`;

  const flush = useCallback(() => {
    frame.current = null;
    const batch = pending.current;
    if (!batch.length) return;
    pending.current = [];
    setItems((prev) => {
      const next = prev.concat(batch);
      if (next.length <= max) return next;
      setEvicted((e) => e + next.length - max);
      return next.slice(next.length - max);
    });
    setLastEventId(lastIdRef.current.id);
  }, [max]);

  useEffect(() => {
    if (!url || !stream || paused) return;
    if (lastIdRef.current.url !== url) lastIdRef.current = { url, id: null };
    const token = lastIdRef.current.id;
    // reopened after a pause: the same stream, resuming after the last event seen
    const resumed: LiveTailStream = token ? { ...stream, query: { ...stream.query, resume: token } } : stream;
    const key = connKey;
    const setStatus = (status: StreamStatus, error: string | null = null) => setConn({ key, status, error });
    const setError = (error: string) => setConn((c) => ({ key, status: c.key === key ? c.status : 'connecting', error }));
    const remember = (id: string | null) => {
      if (id) lastIdRef.current = { url, id };
    };
    const schedule = () => {
      frame.current ??= requestAnimationFrame(flush);
    };
    const onData = (data: string, id: string | null) => {
      remember(id);
      let parsed: T[];
      try {
        parsed = schema.parse(data) as T[];
      } catch {
        setError('the server sent an event this page cannot read');
        return;
      }
      arrivals.current.push({ t: performance.now(), n: parsed.length });
      // keep the pending batch bounded too, in case frames are not running (background tab)
      const p = pending.current;
      p.push(...parsed);
      if (p.length > max) {
        setEvicted((x) => x + p.length - max);
        pending.current = p.slice(p.length - max);
      }
      schedule();
    };
    const onReady = (id: string | null) => {
      remember(id);
      setStatus('open');
      setUpstream(new Map()); // a degraded hub says so again right after `ready`
      setLastEventId(lastIdRef.current.id);
    };
    const onDropped = (data: string, id: string | null) => {
      remember(id);
      try {
        const { count } = JSON.parse(data) as { count: number };
        setDropped((d) => d + count);
      } catch {
        /* ignore a malformed count */
      }
    };
    // a `status` event: the server's reader for a topic lost Kafka (or got it back)
    const onUpstream = (data: string) => {
      try {
        const s = JSON.parse(data) as { topic: string; state: string; message: string; since: string };
        setUpstream((prev) => {
          const next = new Map(prev);
          if (s.state === 'live') next.delete(s.topic);
          else next.set(s.topic, { topic: s.topic, message: s.message, since: s.since });
          return next;
        });
      } catch {
        /* ignore a malformed status */
      }
    };
    // the tab's stream hub: one connection per browser, shared by tabs and widgets (stream-hub.ts)
    const leave = streamHub().subscribe(
      { stream: resumed, events: [event, 'dropped', 'failure', 'status'], sticky: ['ready'] },
      {
        onEvent(name, data, id) {
          if (name === event) onData(data, id);
          else if (name === 'ready') onReady(id);
          else if (name === 'dropped') onDropped(data, id);
          else if (name === 'status') onUpstream(data);
        },
        onStatus(status, error) {
          if (status === 'reconnecting') setStatus('reconnecting', error);
          else if (status === 'closed') setStatus('closed', error ?? 'the stream closed');
        },
      },
    );
    const meter = setInterval(() => {
      const now = performance.now();
      arrivals.current = arrivals.current.filter((a) => a.t > now - 3000);
      const n = arrivals.current.reduce((s, a) => s + a.n, 0);
      setRate(n / 3);
    }, 500);
    return () => {
      leave();
      clearInterval(meter);
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
      flush();
    };
    // `stream` is described by `url` (its key): a new object for the same stream changes nothing
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url, paused, connKey, schema, event, max, flush]);

  const clear = useCallback(() => {
    pending.current = [];
    setItems([]);
    setDropped(0);
    setEvicted(0);
  }, []);
  const pause = useCallback(() => setPaused(true), []);
  const resume = useCallback(() => setPaused(false), []);

  const status: StreamStatus = !url ? 'idle' : paused ? 'paused' : conn.key === connKey ? conn.status : 'connecting';
  const error = conn.key === connKey ? conn.error : null;
  const firstProblem = status === 'open' ? ([...upstream.values()][0] ?? null) : null;
  return { items, status, dropped, evicted, error, rate: paused ? 0 : rate, lastEventId, upstream: firstProblem, clear, pause, resume };
}

/**
 * This tab's part in sharing live streams: `leader` holds the browser's connections, `follower`
 * gets events relayed, `direct` connects itself (no Web Locks/BroadcastChannel); null on the server.
 */
export function useStreamRole(): HubRole | null {
  return useSyncExternalStore(
    (fn) => streamHub().onRoleChange(fn),
    () => streamHub().currentRole,
    () => null,
  );
}
