import type { Consumer, Kafka } from 'kafkajs';
import type { DbHandle } from '@/lib/server/db/db';
import { upsertProcessed, type ProcessedRow } from '@/lib/server/weather/weather-store';
import type { EnrichedReading, WindowAggregate } from './events';
import { sleep } from './kafka';
import type { PipelineNames } from './names';
import type { StatusSource } from './status-reporter';

/**
 * Consumer group weather-db-writer: reads weather.processed (read_committed) and upserts each
 * batch in one database transaction; the offsets are committed only after the database commit,
 * so a crash redelivers at most what the database already holds, and the upserts make that
 * harmless. When the database is down, the batch is retried with backoff (heartbeating, so the
 * group keeps the partitions) and the lag grows until it returns.
 */
export class DbWriter implements StatusSource {
  readonly role = 'db-writer' as const;
  private state: 'starting' | 'running' | 'db-unavailable' | 'stopped' = 'starting';
  private consumer: Consumer | null = null;
  private readonly counters: Record<string, number> = { consumed: 0, readings: 0, windows: 0, dbErrors: 0, batches: 0 };
  private lastError: string | null = null;
  private stopped = false;

  constructor(
    private readonly kafka: Kafka,
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
    this.consumer = this.kafka.consumer({ groupId: this.names.writerGroup, readUncommitted: false, sessionTimeout: 15_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 200 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.names.processed, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset, commitOffsetsIfNecessary }) => {
        if (batch.messages.length === 0) return;
        const rows: ProcessedRow[] = [];
        for (const m of batch.messages) {
          if (!m.value) continue;
          const record = JSON.parse(m.value.toString()) as EnrichedReading | WindowAggregate;
          rows.push({ ref: `${batch.topic}/${batch.partition}/${m.offset}`, record });
        }
        for (let attempt = 0; ; attempt++) {
          if (!isRunning() || isStale() || this.stopped) return; // not committed: redelivered
          try {
            const n = await upsertProcessed(this.handle.db, rows);
            this.counters.readings! += n.readings;
            this.counters.windows! += n.windows;
            break;
          } catch (err) {
            this.counters.dbErrors! += 1;
            this.lastError = (err as Error).message.slice(0, 200);
            this.state = 'db-unavailable';
            await heartbeat();
            await sleep(Math.min(5_000, 250 * 2 ** Math.min(attempt, 5)));
          }
        }
        this.state = 'running';
        this.lastError = null;
        resolveOffset(batch.lastOffset());
        // Only now, after the database commit, do the offsets move.
        await this.consumer!.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }]);
        await commitOffsetsIfNecessary();
        this.counters.consumed! += batch.messages.length;
        this.counters.batches! += 1;
      },
    });
    this.state = 'running';
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.state = 'stopped';
    await this.consumer?.disconnect().catch(() => {});
  }
}
