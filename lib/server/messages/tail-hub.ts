import 'server-only';
import type { WireMessage } from '@/lib/contracts/messages';
import { isLeaderError, kafkaErrorInfo } from '../kafka/kafka-errors';
import { KafkaReader } from './kafka-reader';
import { singleton } from '../singleton';

/**
 * One Kafka reader per (cluster, topic), shared by every live tail watching it. The hub
 * long-polls each partition leader from the end of the log and hands every record to its
 * watchers; a watcher that starts earlier (earliest, tail:N, a resume token) catches up with
 * short fetches of its own, then joins the shared stream. Nothing here joins a consumer group
 * or commits an offset: a tail must not move anyone's offsets or leave anything behind.
 */

export interface HubWatcher {
  /** Called synchronously right after the hub advanced its positions past these records. */
  onRecords(topic: string, records: WireMessage[]): void;
  onFailure(code: string, message: string): void;
  /** The hub lost (or regained) its brokers: the stream stays open and says so instead of going quiet. */
  onStatus?(topic: string, status: HubStatus): void;
}

/** `reconnecting`: fetches fail (leader moving, broker or whole cluster down), retrying; `live` again once one succeeds. */
export interface HubStatus {
  state: 'live' | 'reconnecting';
  message: string;
  since: string;
}

const LONG_POLL_MS = 500;

export class TailHub {
  readonly positions = new Map<number, number>();
  readonly watchers = new Set<HubWatcher>();
  readonly ready: Promise<void>;
  partitionCount = 0;
  private stopped = false;
  private generation = 0;
  private readonly reader: KafkaReader;
  /** Leader loops of the current generation whose last fetch failed; non-empty means degraded. */
  private readonly failing = new Set<number>();
  /** Set while degraded: what watchers were last told. */
  status: HubStatus | null = null;

  constructor(
    readonly clusterId: string,
    readonly topic: string,
  ) {
    this.reader = new KafkaReader(clusterId, true);
    this.ready = this.start();
    this.ready.catch(() => {}); // observed by acquire()
  }

  private async start(): Promise<void> {
    const layout = await this.reader.layout(this.topic);
    const ends = await this.reader.offsets(this.topic, [...layout.leaders.keys()], 'latest');
    for (const [p, o] of ends) this.positions.set(p, o);
    this.partitionCount = layout.leaders.size;
    this.runLoops(layout.leaders);
  }

  private runLoops(leaders: Map<number, number>): void {
    const gen = ++this.generation;
    this.failing.clear();
    const byLeader = new Map<number, number[]>();
    for (const [p, l] of leaders) byLeader.set(l, [...(byLeader.get(l) ?? []), p]);
    for (const [leader, parts] of byLeader) void this.loop(gen, leader, parts);
  }

  private async loop(gen: number, leader: number, partitions: number[]): Promise<void> {
    let backoff = 250;
    while (!this.stopped && gen === this.generation) {
      try {
        const batches = await this.reader.fetchFromLeader(leader, this.topic, partitions, this.positions, { maxWaitMs: LONG_POLL_MS });
        if (this.stopped || gen !== this.generation) return;
        backoff = 250;
        this.failing.delete(leader);
        if (this.status && this.failing.size === 0) this.setStatus(null);
        for (const b of batches) {
          // Only advance: a late response from a previous generation must not move us back.
          if (b.nextOffset <= (this.positions.get(b.partition) ?? 0)) continue;
          this.positions.set(b.partition, b.nextOffset);
          if (b.records.length) for (const w of this.watchers) w.onRecords(this.topic, b.records);
        }
      } catch (err) {
        if (this.stopped || gen !== this.generation) return;
        const { type, message } = kafkaErrorInfo(err);
        if (type === 'UNKNOWN_TOPIC_OR_PARTITION' || type === 'UNKNOWN_TOPIC_ID') {
          this.fail('TOPIC_GONE', `topic "${this.topic}" no longer exists`);
          return;
        }
        if (type === 'OFFSET_OUT_OF_RANGE') {
          // retention removed what we were about to read: continue from the earliest offset left
          const lows = await this.reader.offsets(this.topic, partitions, 'earliest').catch(() => null);
          if (lows) for (const [p, o] of lows) if ((this.positions.get(p) ?? 0) < o) this.positions.set(p, o);
          continue;
        }
        this.failing.add(leader);
        if (!this.status) this.setStatus(`cannot fetch from broker ${leader}: ${message}; retrying`);
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 5_000);
        if (isLeaderError(err) || type === 'BROKER_NOT_AVAILABLE' || /Connection|Timeout|Network|Broker/i.test((err as Error).name ?? '')) {
          try {
            const layout = await this.reader.layout(this.topic, true);
            if (this.stopped || gen !== this.generation) return;
            this.runLoops(layout.leaders); // new generation: this loop ends
            return;
          } catch {
            // still unreachable: keep looping with backoff
          }
        }
      }
    }
  }

  private setStatus(problem: string | null): void {
    const since = new Date().toISOString();
    this.status = problem ? { state: 'reconnecting', message: problem, since } : null;
    const told: HubStatus = this.status ?? { state: 'live', message: 'fetching again', since };
    for (const w of [...this.watchers]) w.onStatus?.(this.topic, told);
  }

  private fail(code: string, message: string): void {
    for (const w of [...this.watchers]) w.onFailure(code, message);
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    this.reader.disconnect();
  }
}

const hubs = singleton('riffle:messages/tail-hub', (): Map<string, TailHub> => new Map());

/** The topic's hub, started if needed; the watcher is registered before positions are read by the caller. */
export async function acquireHub(clusterId: string, topic: string, watcher: HubWatcher): Promise<TailHub> {
  const key = `${clusterId}\u0000${topic}`;
  let hub = hubs.get(key);
  if (!hub) {
    hub = new TailHub(clusterId, topic);
    hubs.set(key, hub);
  }
  hub.watchers.add(watcher);
  try {
    await hub.ready;
  } catch (err) {
    releaseHub(hub, watcher);
    if (hubs.get(key) === hub) hubs.delete(key);
    throw err;
  }
  return hub;
}

/** Drops the watcher; the last one out stops the hub and closes its connections at once. */
export function releaseHub(hub: TailHub, watcher: HubWatcher): void {
  hub.watchers.delete(watcher);
  if (hub.watchers.size === 0) {
    const key = `${hub.clusterId}\u0000${hub.topic}`;
    if (hubs.get(key) === hub) hubs.delete(key);
    hub.stop();
  }
}

/** For tests and metrics: how many hubs run, and how many watchers each has. */
export function hubStats(): { topic: string; watchers: number }[] {
  return [...hubs.values()].map((h) => ({ topic: h.topic, watchers: h.watchers.size }));
}
