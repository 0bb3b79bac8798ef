'use client';
import { apiErrorBody } from '@/lib/contracts/errors';
import { parseMuxData, type SubStreamInput } from '@/lib/contracts/streams';
import { muxUrl, planConnections, streamKey, subStreamOf, type StreamDescription } from './mux-plan';
import { SubscriptionBook, type StreamSpec } from './subscription-book';
import { CHANNEL_NAME, isFor, LEADER_LOCK, parseRelayMessage, TAB_LOCK_PREFIX, type RelayMessage, type UpstreamStatus } from './stream-protocol';

export type HubRole = 'pending' | 'leader' | 'follower' | 'direct';

export interface StreamListener {
  onEvent(event: string, data: string, id: string | null): void;
  onStatus(status: UpstreamStatus, error: string | null): void;
}

/** What a subscriber asks for: the stream (a typed description, never a URL) and the SSE events it reads. */
export interface StreamRequest {
  stream: StreamDescription;
  events: string[];
  /** Events replayed (latest copy) to a subscriber that joins a stream already open. */
  sticky?: string[];
  /** A stream of no particular cluster (weather): the cluster whose connection it may ride on. */
  via?: string;
}

interface LocalStream {
  spec: StreamSpec;
  listeners: Set<StreamListener>;
  status: UpstreamStatus;
  error: string | null;
  stickies: Map<string, { data: string; id: string | null }>;
}

/** A stream the leader holds: a sub-stream of one of the multiplexed connections (`Mux`). */
interface Upstream {
  status: UpstreamStatus;
  error: string | null;
  stickies: Map<string, { data: string; id: string | null }>;
}

/** One multiplexed connection: several streams, each a sub-stream with a short key. */
interface Mux {
  es: EventSource;
  url: string;
  /** sub-stream key → stream key */
  keys: Map<string, string>;
  listening: Set<string>;
}

/** Riffle's streams end with this event; the stream is over after it. */
const FAILURE_EVENT = 'failure';
const PRUNE_MS = 5_000;
const REPLAN_DELAY_MS = 50;

/**
 * One live connection per browser, however many tabs and widgets watch. Within a tab, widgets on
 * the same stream share one subscription. Across tabs, the tab holding the `riffle-live-leader`
 * Web Lock opens ONE EventSource for all of them — the multiplexed route
 * (/api/clusters/{c}/streams) carries every topic tail and weather stream as a tagged sub-stream —
 * and relays the events over a BroadcastChannel; the others send what they watch (each stream a
 * typed description: lib/client/live/mux-plan.ts). When the set changes, the connection is
 * reopened with each sub-stream's last event id (tails of a second cluster get that cluster's
 * connection). When the leader tab closes, the lock passes
 * to another tab, which reopens the streams from the last event id every tab has seen (the
 * server resumes from it: no gap, no duplicate). Without Web Locks or BroadcastChannel, each tab
 * connects directly.
 */
export class StreamHub {
  readonly tab: string;
  private role: HubRole;
  private readonly channel: BroadcastChannel | null;
  private readonly local = new Map<string, LocalStream>();
  /** The last event id seen on every stream any tab relayed, so a new leader resumes it. */
  private readonly lastIds = new Map<string, string>();
  private readonly book = new SubscriptionBook();
  private readonly upstreams = new Map<string, Upstream>();
  /** The multiplexed connections, by cluster (one in all while the browser watches one cluster). */
  private readonly muxes = new Map<string, Mux>();
  /** Each multiplexed stream's sub-stream key, stable while it is open. */
  private readonly subKeys = new Map<string, string>();
  private nextSub = 1;
  /** Multiplexed streams that failed: left out of the connection until nobody watches them. */
  private readonly failed = new Set<string>();
  private replanQueued = false;
  private readonly roleListeners = new Set<() => void>();
  private prune: ReturnType<typeof setInterval> | null = null;

  constructor() {
    this.tab = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
    const canShare = typeof navigator !== 'undefined' && 'locks' in navigator && navigator.locks && typeof BroadcastChannel !== 'undefined';
    if (!canShare) {
      this.role = 'direct';
      this.channel = null;
      return;
    }
    this.role = 'pending';
    this.channel = new BroadcastChannel(CHANNEL_NAME);
    this.channel.onmessage = (e: MessageEvent<unknown>) => {
      const m = parseRelayMessage(e.data);
      if (m && isFor(m, this.tab)) this.onMessage(m);
    };
    const forever = () => new Promise<void>(() => {});
    void navigator.locks.request(TAB_LOCK_PREFIX + this.tab, forever).catch(() => {});
    void navigator.locks
      .request(LEADER_LOCK, async () => {
        await this.becomeLeader();
        return forever();
      })
      .catch(() => {});
    // until the lock says otherwise, this tab is a follower: a leader may already exist
    queueMicrotask(() => {
      if (this.role === 'pending') this.setRole('follower');
    });
    window.addEventListener('pagehide', () => this.post({ t: 'bye', tab: this.tab }));
    // back from the back/forward cache: the leader forgot this tab when it said bye
    window.addEventListener('pageshow', (e) => {
      if (e.persisted && !this.owns()) this.postSubs();
    });
  }

  get currentRole(): HubRole {
    return this.role;
  }

  onRoleChange(fn: () => void): () => void {
    this.roleListeners.add(fn);
    return () => this.roleListeners.delete(fn);
  }

  /** Starts (or joins) a stream; returns the function that leaves it. */
  subscribe(req: StreamRequest, listener: StreamListener): () => void {
    const key = streamKey(req.stream);
    const spec: StreamSpec = { key, stream: req.stream, events: [...new Set(req.events)].sort(), sticky: [...new Set(req.sticky ?? [])].sort(), ...(req.via ? { via: req.via } : {}) };
    let s = this.local.get(key);
    if (s) {
      s.listeners.add(listener);
      const widened = spec.events.some((n) => !s!.spec.events.includes(n)) || spec.sticky.some((n) => !s!.spec.sticky.includes(n));
      if (widened) {
        s.spec = { ...spec, events: [...new Set([...s.spec.events, ...spec.events])].sort(), sticky: [...new Set([...s.spec.sticky, ...spec.sticky])].sort() };
        this.announce(s.spec);
      }
      // a widget joining a stream this tab has open sees where it stands at once
      listener.onStatus(s.status, s.error);
      for (const [event, v] of s.stickies) listener.onEvent(event, v.data, v.id);
    } else {
      s = { spec, listeners: new Set([listener]), status: 'connecting', error: null, stickies: new Map() };
      this.local.set(key, s);
      listener.onStatus('connecting', null);
      this.announce(spec);
    }
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const cur = this.local.get(key);
      if (!cur) return;
      cur.listeners.delete(listener);
      if (cur.listeners.size > 0) return;
      this.local.delete(key);
      if (this.owns()) this.applyDiff(this.tab, this.book.remove(this.tab, key));
      else this.postSubs();
    };
  }

  private owns(): boolean {
    return this.role === 'leader' || this.role === 'direct';
  }

  private announce(spec: StreamSpec): void {
    if (this.owns()) this.applyDiff(this.tab, this.book.add(this.tab, spec));
    else this.postSubs();
  }

  private setRole(r: HubRole): void {
    this.role = r;
    for (const fn of this.roleListeners) fn();
  }

  private post(m: RelayMessage): void {
    try {
      this.channel?.postMessage(m);
    } catch {
      /* the channel is closed (the page is going away) */
    }
  }

  private postSubs(): void {
    this.post({ t: 'subs', tab: this.tab, specs: [...this.local.values()].map((s) => s.spec) });
  }

  private async becomeLeader(): Promise<void> {
    // The old leader's last relays may still be queued for this tab: take them first, so the
    // streams resume after the last event every tab has (no duplicate).
    await this.drainChannel();
    this.setRole('leader');
    for (const s of this.local.values()) this.applyDiff(this.tab, this.book.add(this.tab, s.spec));
    // the tabs answer with what they watch; their streams resume from the last ids every tab heard
    this.post({ t: 'leader', tab: this.tab });
    this.prune = setInterval(() => void this.pruneClosedTabs(), PRUNE_MS);
  }

  private readonly barriers = new Map<string, () => void>();

  /** Resolves once every message posted to the channel before now has been delivered here. */
  private drainChannel(): Promise<void> {
    return new Promise((resolve) => {
      const nonce = `${this.tab}:${Math.random()}`;
      const probe = new BroadcastChannel(CHANNEL_NAME);
      const done = () => {
        clearTimeout(timer);
        this.barriers.delete(nonce);
        probe.close();
        resolve();
      };
      // a fallback only: the barrier comes back within a task or two
      const timer = setTimeout(done, 1_000);
      this.barriers.set(nonce, done);
      probe.postMessage({ t: 'barrier', nonce } satisfies RelayMessage);
    });
  }

  /** A tab that crashed never said bye: its lock is gone, so drop what it watched. */
  private async pruneClosedTabs(): Promise<void> {
    const state = await navigator.locks.query();
    const alive = new Set([...(state.held ?? [])].map((l) => l.name));
    for (const tab of this.book.tabs()) {
      if (tab !== this.tab && !alive.has(TAB_LOCK_PREFIX + tab)) this.applyDiff(tab, { opened: [], closed: this.book.dropTab(tab), joined: [], widened: [] });
    }
  }

  private onMessage(m: RelayMessage): void {
    switch (m.t) {
      case 'leader':
        if (m.tab !== this.tab && this.role !== 'leader') this.postSubs();
        return;
      case 'subs':
        if (this.role === 'leader') this.applyDiff(m.tab, this.book.replaceTab(m.tab, m.specs));
        return;
      case 'bye':
        if (this.role === 'leader') this.applyDiff(m.tab, { opened: [], closed: this.book.dropTab(m.tab), joined: [], widened: [] });
        return;
      case 'event':
        this.deliverEvent(m.key, m.event, m.data, m.id);
        return;
      case 'status':
        this.deliverStatus(m.key, m.status, m.error);
        return;
      case 'end':
        this.lastIds.delete(m.key);
        return;
      case 'barrier':
        this.barriers.get(m.nonce)?.();
        return;
    }
  }

  private applyDiff(tab: string, diff: ReturnType<SubscriptionBook['replaceTab']>): void {
    for (const key of diff.closed) this.closeUpstream(key);
    for (const key of diff.opened) this.openUpstream(key);
    for (const key of diff.widened) this.listenAll(key);
    for (const key of diff.joined) {
      const up = this.upstreams.get(key);
      if (!up || tab === this.tab) continue;
      // replay where the stream stands to the tab that joined it
      this.post({ t: 'status', key, status: up.status, error: up.error, to: tab });
      for (const [event, v] of up.stickies) this.post({ t: 'event', key, event, data: v.data, id: this.lastIds.get(key) ?? v.id, to: tab });
    }
  }

  private openUpstream(key: string): void {
    if (!this.book.streamOf(key) || this.upstreams.has(key)) return;
    // carried by the browser's one multiplexed connection, which is replanned once per turn
    this.upstreams.set(key, { status: 'connecting', error: null, stickies: new Map() });
    this.relayStatus(key, 'connecting', null);
    this.queueReplan();
  }

  private listenAll(key: string): void {
    if (!this.upstreams.has(key)) return;
    for (const mux of this.muxes.values()) if ([...mux.keys.values()].includes(key)) this.muxListen(mux);
  }

  private closeUpstream(key: string): void {
    const up = this.upstreams.get(key);
    if (!up) return;
    this.subKeys.delete(key);
    this.failed.delete(key);
    this.queueReplan();
    this.upstreams.delete(key);
    this.lastIds.delete(key);
    this.post({ t: 'end', key });
  }

  private queueReplan(): void {
    if (this.replanQueued) return;
    this.replanQueued = true;
    // a moment, so the changes of one turn (a new leader hearing from every tab) make one reconnect
    setTimeout(() => {
      this.replanQueued = false;
      this.replan();
    }, REPLAN_DELAY_MS);
  }

  /**
   * Holds one multiplexed connection per cluster for every stream it can carry. When the set of
   * streams on a connection changes, the connection is reopened with each stream's last event
   * id (the server resumes each one after it: no gap, no duplicate).
   */
  private replan(): void {
    if (!this.owns()) return;
    const targets = new Map<string, StreamDescription & { via?: string }>();
    for (const key of this.upstreams.keys()) {
      if (this.failed.has(key)) continue;
      const t = this.book.streamOf(key);
      if (t) targets.set(key, { ...t, via: this.book.viaOf(key) });
    }
    const plan = planConnections(targets);
    for (const [cluster, mux] of this.muxes) {
      const want = plan.get(cluster);
      if (want && want.length === mux.keys.size && want.every((k) => this.subKeys.has(k) && mux.keys.get(this.subKeys.get(k)!) === k)) continue;
      mux.es.close();
      this.muxes.delete(cluster);
    }
    for (const [cluster, keys] of plan) {
      if (this.muxes.has(cluster)) continue;
      const subs: [string, SubStreamInput][] = keys.map((key) => {
        let sub = this.subKeys.get(key);
        if (!sub) this.subKeys.set(key, (sub = `s${this.nextSub++}`));
        return [key, subStreamOf(targets.get(key)!, sub, this.lastIds.get(key))];
      });
      this.openMux(cluster, subs);
    }
  }

  private openMux(cluster: string, entries: [string, SubStreamInput][]): void {
    const subs = entries.map(([, sub]) => sub);
    const url = muxUrl(cluster, subs);
    const mux: Mux = { es: new EventSource(url), url, keys: new Map(entries.map(([key, sub]) => [sub.key, key])), listening: new Set() };
    this.muxes.set(cluster, mux);
    const current = () => this.muxes.get(cluster) === mux;
    const setStatus = (status: UpstreamStatus, error: string | null, only?: string) => {
      if (!current()) return;
      for (const key of only ? [only] : mux.keys.values()) {
        const up = this.upstreams.get(key);
        if (!up || this.failed.has(key)) continue;
        up.status = status;
        up.error = error;
        this.relayStatus(key, status, error);
      }
    };
    mux.es.onopen = () => setStatus('open', null);
    mux.es.onerror = () => {
      if (mux.es.readyState !== EventSource.CLOSED) {
        setStatus('reconnecting', 'connection lost; reconnecting from the last event');
        return;
      }
      // EventSource hides why a stream was refused: ask once. A refused sub-stream (a topic this
      // user may not read, a stale resume token) is named in the error's field: drop just that one.
      const ac = new AbortController();
      fetch(url, { signal: ac.signal })
        .then(async (res) => {
          if (res.ok) {
            ac.abort();
            setStatus('closed', 'the stream closed');
            return;
          }
          const body = apiErrorBody.safeParse(await res.json().catch(() => null));
          const message = body.success ? body.data.error.message : `the server answered ${res.status}`;
          const bad = body.success ? /^s\.(\d+)(\.|$)/.exec(body.data.error.field ?? '') : null;
          const key = bad ? mux.keys.get(subs[Number(bad[1])]?.key ?? '') : undefined;
          if (key && current()) {
            this.failSub(key, message);
            this.muxes.delete(cluster);
            this.queueReplan();
          } else setStatus('closed', message);
        })
        .catch(() => setStatus('closed', 'the console server cannot be reached'));
    };
    this.muxListen(mux);
  }

  /** A multiplexed stream failed: it is closed, and the connection goes on without it. */
  private failSub(key: string, reason: string): void {
    const up = this.upstreams.get(key);
    if (!up) return;
    this.failed.add(key);
    up.status = 'closed';
    up.error = reason;
    this.relayStatus(key, 'closed', reason);
  }

  private muxListen(mux: Mux): void {
    const events = new Set([FAILURE_EVENT, ...[...mux.keys.values()].flatMap((k) => this.book.eventsOf(k))]);
    for (const event of events) {
      if (mux.listening.has(event)) continue;
      mux.listening.add(event);
      mux.es.addEventListener(event, ((e: MessageEvent<string>) => {
        if (![...this.muxes.values()].includes(mux)) return;
        const env = parseMuxData(e.data);
        if (!env) return;
        const key = mux.keys.get(env.s);
        const up = key ? this.upstreams.get(key) : undefined;
        if (!key || !up || this.failed.has(key)) return;
        if (this.book.stickyOf(key).includes(event)) up.stickies.set(event, { data: env.data, id: env.id });
        this.relayEvent(key, event, env.data, env.id ?? this.lastIds.get(key) ?? null);
        if (event === FAILURE_EVENT) {
          let reason = 'the stream failed';
          try {
            reason = (JSON.parse(env.data) as { message: string }).message;
          } catch {
            /* keep the generic reason */
          }
          this.failSub(key, reason);
          this.queueReplan();
        }
      }) as EventListener);
    }
  }

  /**
   * The leader relays every event, even of streams only it watches: a tab whose `subs` is still
   * on its way (just after a leader change) misses nothing, and every tab knows each stream's
   * last event id in case it becomes the leader.
   */
  private others(_key: string): boolean {
    return this.role === 'leader';
  }

  private relayEvent(key: string, event: string, data: string, id: string | null): void {
    if (this.others(key)) this.post({ t: 'event', key, event, data, id });
    this.deliverEvent(key, event, data, id);
  }

  private relayStatus(key: string, status: UpstreamStatus, error: string | null): void {
    if (this.others(key)) this.post({ t: 'status', key, status, error });
    this.deliverStatus(key, status, error);
  }

  private deliverEvent(key: string, event: string, data: string, id: string | null): void {
    if (id) this.lastIds.set(key, id);
    const s = this.local.get(key);
    if (!s) return;
    if (s.spec.sticky.includes(event)) s.stickies.set(event, { data, id });
    if (!s.spec.events.includes(event) && !s.spec.sticky.includes(event)) return;
    for (const l of [...s.listeners]) l.onEvent(event, data, id);
  }

  private deliverStatus(key: string, status: UpstreamStatus, error: string | null): void {
    const s = this.local.get(key);
    if (!s) return;
    s.status = status;
    s.error = error;
    for (const l of [...s.listeners]) l.onStatus(status, error);
  }

  /** For tests and page teardown: close everything this tab holds. */
  dispose(): void {
    if (this.prune) clearInterval(this.prune);
    for (const key of [...this.upstreams.keys()]) this.closeUpstream(key);
    for (const mux of this.muxes.values()) mux.es.close();
    this.muxes.clear();
    this.channel?.close();
  }
}

let hub: StreamHub | null = null;

/** The tab's hub (one per page, created on first use in the browser). */
export function streamHub(): StreamHub {
  hub ??= new StreamHub();
  return hub;
}
