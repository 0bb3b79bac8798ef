import { Consumer, MessagesStreamModes, ProduceAcks, Producer, stringSerializers, type BaseOptions, type MessageToProduce } from '@platformatic/kafka';
import { loadDaily, loadNormals, type DailyRow, type NormalRow } from './csv';
import type { DailyEvent, NormalEvent, RawEvent } from './events';
import { PRODUCER_COMMAND_KEY, producerCommand, type ProducerCommand } from './control';
import type { PipelineNames } from './names';
import type { StatusSource } from './status-reporter';
import { javaPartitioner, sleep, type KafkaMessage } from './kafka';

export interface ReplayOptions {
  /** days of observations replayed per second of wall time */
  speedDaysPerSecond: number;
  loop: boolean;
  /** first and last date replayed (YYYY-MM-DD, inclusive) */
  from?: string;
  to?: string;
  /** prepended to station names (tests use their run prefix so their rows are their own) */
  stationPrefix: string;
  /** hourly normals for Seattle, every N hours (0: none) */
  normalsEveryHours: number;
  /** extra synthetic stations, for load */
  syntheticStations: number;
  paused?: boolean;
}

export const DEFAULT_REPLAY: ReplayOptions = { speedDaysPerSecond: 20, loop: false, stationPrefix: '', normalsEveryHours: 3, syntheticStations: 0 };

const DAY_MS = 86_400_000;

/** mulberry32: a tiny seeded PRNG, so synthetic stations are the same on every run. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** The events of one day, in the order they are produced. Pure, for tests and the producer. */
export function eventsForDay(date: string, daily: DailyRow[], normalsByMdh: Map<string, NormalRow>, opts: Pick<ReplayOptions, 'stationPrefix' | 'normalsEveryHours' | 'syntheticStations'>): RawEvent[] {
  const events: RawEvent[] = [];
  const observedAt = `${date}T00:00:00.000Z`;
  for (const row of daily) {
    const e: DailyEvent = {
      v: 1,
      kind: 'daily',
      station: `${opts.stationPrefix}${row.location}`,
      observedAt,
      source: 'noaa-cdo',
      precipitationMm: row.precipitation,
      tempMaxC: row.tempMax,
      tempMinC: row.tempMin,
      windMs: row.wind,
      condition: row.weather,
    };
    events.push(e);
  }
  const seattle = daily.find((r) => r.location === 'Seattle');
  if (seattle && opts.normalsEveryHours > 0) {
    for (let h = 0; h < 24; h += opts.normalsEveryHours) {
      const hh = String(h).padStart(2, '0');
      const n = normalsByMdh.get(`${date.slice(5)}T${hh}`);
      if (!n) continue; // Feb 29 has no normal
      const e: NormalEvent = {
        v: 1,
        kind: 'hourly-normal',
        station: `${opts.stationPrefix}Seattle`,
        observedAt: `${date}T${hh}:00:00.000Z`,
        source: 'noaa-normals-1981-2010',
        pressureHpa: n.pressure,
        temperatureC: n.temperature,
        windMs: n.wind,
      };
      events.push(e);
    }
  }
  const base = seattle ?? daily[0];
  if (base) {
    for (let i = 1; i <= opts.syntheticStations; i++) {
      const rand = prng(Date.parse(date) / DAY_MS + i * 100_003);
      const shift = (i % 7) - 3 + rand() * 2 - 1;
      const tmax = r1(base.tempMax + shift);
      const tmin = r1(Math.min(tmax, base.tempMin + shift + rand() - 0.5));
      events.push({
        v: 1,
        kind: 'daily',
        station: `${opts.stationPrefix}Synthetic ${String(i).padStart(2, '0')}`,
        observedAt,
        source: 'synthetic',
        precipitationMm: r1(Math.max(0, base.precipitation * (0.5 + rand()))),
        tempMaxC: tmax,
        tempMinC: tmin,
        windMs: r1(Math.max(0, base.wind + rand() * 2 - 1)),
        condition: base.weather,
      });
    }
  }
  return events;
}

export type OutMessage = MessageToProduce<string, string, string, string>;

export function toMessage(topic: string, e: RawEvent): OutMessage {
  // The event time is observedAt (in the value and a header); the record timestamp stays "now"
  // so the broker's time-based retention and segment rolling behave.
  return { topic, key: e.station, value: JSON.stringify(e), headers: { 'riffle.event-time': e.observedAt } };
}

/** Attempts at one batch, each with a new producer, before the replay gives up. */
const SEND_ATTEMPTS = 5;

/**
 * Replays the NOAA files into weather.raw, keyed by station (a station's events stay ordered on
 * one partition), event time = observation time. Idempotent producer, one send per batch of days
 * across all partitions, replaced after a send that failed for good. A restart replays from
 * the start; the processor recognises replayed events by their event time and does not count
 * them twice.
 */
export class ReplayProducer implements StatusSource {
  readonly role = 'producer' as const;
  private state: 'starting' | 'replaying' | 'paused' | 'finished' | 'stopped' = 'starting';
  private produced = 0;
  private loops = 0;
  private position = '';
  private stopped = false;
  private opts: ReplayOptions;
  private commandSeen = false;
  private sendErrors = 0;
  private producer: Producer<string, string, string, string> | null = null;

  constructor(
    private readonly client: BaseOptions,
    private readonly names: PipelineNames,
    readonly instance: string,
    opts: Partial<ReplayOptions> = {},
  ) {
    this.opts = { ...DEFAULT_REPLAY, ...opts };
  }

  snapshot() {
    return {
      state: this.state,
      counters: { produced: this.produced, loops: this.loops, sendErrors: this.sendErrors },
      rateCounter: 'produced',
      detail: { speedDaysPerSecond: this.opts.speedDaysPerSecond, position: this.position || null, loop: this.opts.loop, paused: Boolean(this.opts.paused), syntheticStations: this.opts.syntheticStations },
    };
  }

  applyCommand(c: ProducerCommand): void {
    this.opts = { ...this.opts, paused: c.paused, speedDaysPerSecond: c.speedDaysPerSecond };
    this.commandSeen = true;
  }

  async run(): Promise<void> {
    const all = loadDaily();
    const normals = new Map(loadNormals().map((n) => [n.monthDayHour, n] as const));
    const byDate = new Map<string, DailyRow[]>();
    for (const r of all) byDate.set(r.date, [...(byDate.get(r.date) ?? []), r]);
    const dates = [...byDate.keys()].sort().filter((d) => (!this.opts.from || d >= this.opts.from) && (!this.opts.to || d <= this.opts.to));

    // Commands: read the whole compacted control topic on every start (never commit), so the
    // latest pause/speed wins even across restarts.
    const control = new Consumer({ ...this.client, clientId: `${this.client.clientId}-control`, groupId: this.names.producerControlGroup, maxWaitTime: 250, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    const commands = await control.consume({ topics: [this.names.control], mode: MessagesStreamModes.EARLIEST, autocommit: false });
    commands.on('data', (message: KafkaMessage) => {
      if (message.key?.toString() !== PRODUCER_COMMAND_KEY || !message.value) return;
      try {
        const parsed = producerCommand.safeParse(JSON.parse(message.value.toString()));
        if (parsed.success) this.applyCommand(parsed.data);
      } catch {
        // not JSON: not a command of ours
      }
    });
    commands.on('error', (err: Error) => console.warn(`producer: control topic: ${err.message}`));

    try {
      do {
        let i = 0;
        let base = { t: Date.now(), i: 0, speed: this.opts.speedDaysPerSecond };
        while (i < dates.length && !this.stopped) {
          if (this.opts.paused) {
            this.state = 'paused';
            await sleep(200);
            base = { t: Date.now(), i, speed: this.opts.speedDaysPerSecond };
            continue;
          }
          this.state = 'replaying';
          if (base.speed !== this.opts.speedDaysPerSecond) base = { t: Date.now(), i, speed: this.opts.speedDaysPerSecond };
          // Days due by now at this speed; at least one per tick, sent as one batch.
          const due = Math.max(i + 1, base.i + Math.floor(((Date.now() - base.t) / 1000) * base.speed) + 1);
          // At most 50 days per send: a bigger batch can pass the broker's message.max.bytes.
          const upto = Math.min(dates.length, due, i + 50);
          const events: RawEvent[] = [];
          for (; i < upto; i++) events.push(...eventsForDay(dates[i]!, byDate.get(dates[i]!)!, normals, this.opts));
          if (events.length) await this.send(events.map((e) => toMessage(this.names.raw, e)));
          this.produced += events.length;
          this.position = dates[i - 1]!;
          const nextAt = base.t + ((i - base.i) / base.speed) * 1000;
          await sleep(Math.max(0, Math.min(1_000, nextAt - Date.now())));
        }
        if (this.opts.loop && !this.stopped) this.loops += 1;
      } while (this.opts.loop && !this.stopped);
      if (!this.stopped) this.state = 'finished';
      while (!this.stopped) await sleep(250); // stay up: the console shows "finished"
    } finally {
      await this.producer?.close().catch(() => {});
      this.producer = null;
      await control.close(true).catch(() => {});
    }
  }

  /**
   * Sends the batch in one request per leader. The library retries a failing send without end; one
   * that fails all the same (an error it deems final) may have been written in part, and the same
   * producer's sequence numbers are then in doubt. So the producer is replaced (a new producer id
   * never reuses a sequence number) and the batch is sent again: whatever of it was written comes
   * twice, a replay the processor recognises by event time.
   */
  private async send(messages: OutMessage[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.producer ??= new Producer({
          ...this.client,
          clientId: `${this.client.clientId}-replay`,
          idempotent: true,
          acks: ProduceAcks.ALL,
          partitioner: javaPartitioner,
          serializers: stringSerializers,
        });
        await this.producer.send({ messages });
        return;
      } catch (err) {
        this.sendErrors += 1;
        const old = this.producer;
        this.producer = null;
        await old?.close().catch(() => {});
        if (attempt >= SEND_ATTEMPTS || this.stopped) throw err;
        console.warn(`producer: send failed (${(err as Error).message}); retrying with a new producer`);
        await sleep(500 * attempt);
      }
    }
  }

  get hasCommand(): boolean {
    return this.commandSeen;
  }

  stop(): void {
    this.stopped = true;
    this.state = 'stopped';
  }
}
