import { Consumer, FetchIsolationLevels, type BaseOptions, type MessagesStream } from '@platformatic/kafka';
import type { DbHandle } from '@/lib/server/db/db';
import { upsertProcessed, type ProcessedRow } from './weather-writes';
import type { EnrichedReading, WindowAggregate } from './events';
import { committedStream, nextBatch, sleep, type KafkaMessage } from './kafka';
import type { PipelineNames } from './names';
import type { StatusSource } from './status-reporter';

/**
 * Consumer group weather-db-writer: reads weather.processed (read_committed) and upserts each
 * batch in one database transaction; the offsets are committed only after the database commit,
 * so a crash redelivers at most what the database already holds, and the upserts make that
 * harmless. When the database is down, the batch is retried with backoff (the consumer heartbeats
 * on its own meanwhile, so the group keeps the partitions) and the lag grows until it returns.
 * A commit that fails (a rebalance moved the partition, the coordinator moved) drops the stream
 * and reads again from the committed offsets: what it had buffered past them is written again,
 * which the upserts make harmless, and nothing is skipped.
 */
export class DbWriter implements StatusSource {
  readonly role = 'db-writer' as const;
  private state: 'starting' | 'running' | 'db-unavailable' | 'stopped' = 'starting';
  private consumer: Consumer<Buffer, Buffer, Buffer, Buffer> | null = null;
  private stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | null = null;
  private loop: Promise<void> | null = null;
  private readonly counters: Record<string, number> = { consumed: 0, readings: 0, windows: 0, dbErrors: 0, batches: 0 };
  private lastError: string | null = null;
  private stopped = false;

  constructor(
    private readonly client: BaseOptions,
    private readonly names: PipelineNames,
    readonly instance: string,
    private readonly open: () => Promise<DbHandle>,
  ) {}

  private handle!: DbHandle;
  private dialect: string | null = null;

  /** The database may be down when the writer starts: wait for it, saying so. */
  private async openWithRetry(): Promise<DbHandle> {
    for (let attempt = 0; ; attempt++) {
      try {
        const h = await this.open();
        this.lastError = null;
        return h;
      } catch (err) {
        this.counters.dbErrors! += 1;
        this.state = 'db-unavailable';
        this.lastError = (err as Error).message.slice(0, 200);
        if (this.stopped) throw err;
        await sleep(Math.min(5_000, 250 * 2 ** Math.min(attempt, 5)));
      }
    }
  }

  get location(): string {
    return this.handle?.location ?? 'not open';
  }

  async close(): Promise<void> {
    await this.handle?.close().catch(() => {});
  }

  snapshot() {
    return { state: this.state, counters: { ...this.counters }, rateCounter: 'consumed', detail: { database: this.dialect, lastError: this.lastError } };
  }

  async start(): Promise<void> {
    this.handle = await this.openWithRetry();
    this.dialect = this.handle.dialect;
    this.consumer = new Consumer({
      ...this.client,
      clientId: `${this.client.clientId}-db-writer`,
      groupId: this.names.writerGroup,
      sessionTimeout: 15_000,
      heartbeatInterval: 1_000,
      maxWaitTime: 200,
      isolationLevel: FetchIsolationLevels.READ_COMMITTED,
    });
    await this.openStream();
    this.state = 'running';
    this.loop = this.run();
  }

  private async openStream(): Promise<void> {
    this.stream = await committedStream(this.consumer!, this.names.processed);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (!this.stream) await this.openStream();
        const batch = await nextBatch(this.stream!, 1_000);
        if (this.stopped) return;
        if (batch.length === 0) throw new Error('the consumer stream ended');
        await this.write(batch);
        failures = 0;
      } catch (err) {
        if (this.stopped) return;
        failures += 1;
        console.warn(`db-writer: ${(err as Error).message}; reading again from the committed offsets`);
        const stream = this.stream;
        this.stream = null;
        await stream?.close().catch(() => {});
        await sleep(Math.min(5_000, 500 * failures));
      }
    }
  }

  private async write(batch: KafkaMessage[]): Promise<void> {
    const rows: ProcessedRow[] = [];
    const last = new Map<string, KafkaMessage>();
    for (const m of batch) {
      last.set(`${m.topic}:${m.partition}`, m);
      if (!m.value) continue;
      const record = JSON.parse(m.value.toString()) as EnrichedReading | WindowAggregate;
      rows.push({ ref: `${m.topic}/${m.partition}/${m.offset}`, record });
    }
    for (let attempt = 0; ; attempt++) {
      if (this.stopped) return; // not committed: redelivered
      try {
        const n = await upsertProcessed(this.handle.db, rows);
        this.counters.readings! += n.readings;
        this.counters.windows! += n.windows;
        break;
      } catch (err) {
        this.counters.dbErrors! += 1;
        this.lastError = (err as Error).message.slice(0, 200);
        this.state = 'db-unavailable';
        await sleep(Math.min(5_000, 250 * 2 ** Math.min(attempt, 5)));
      }
    }
    this.state = 'running';
    this.lastError = null;
    // Only now, after the database commit, do the offsets move.
    await this.consumer!.commit({ offsets: [...last.values()].map((m) => ({ topic: m.topic, partition: m.partition, offset: m.offset + 1n, leaderEpoch: m.leaderEpoch })) });
    this.counters.consumed! += batch.length;
    this.counters.batches! += 1;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.state = 'stopped';
    await this.stream?.close().catch(() => {});
    await this.consumer?.close(true).catch(() => {});
    await this.loop?.catch(() => {});
  }
}
