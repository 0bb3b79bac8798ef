import { Admin, Consumer, Producer, type BaseOptions } from '@platformatic/kafka';

/**
 * One single-partition compacted topic used as a log: created when missing, read from the
 * start with plain Fetch requests (no consumer group, so any number of readers each see every
 * record and leave nothing behind), appended to with acks=all. Both of the registry's topics
 * (`_schemas` and the leader announcements) are one of these.
 */

export interface LogRecord {
  offset: bigint;
  key: Buffer | null;
  value: Buffer | null;
}

export function clientBase(brokers: string[], clientId: string): BaseOptions {
  return {
    clientId,
    bootstrapBrokers: brokers,
    connectTimeout: 3_000,
    requestTimeout: 15_000,
    timeout: 10_000,
    retries: 3,
    retryDelay: 250,
    metadataMaxAge: 5_000,
    autocreateTopics: false,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Control batches (transaction markers) carry no registry record.
const CONTROL_BATCH = 0x20;

export class KafkaLog {
  readonly #consumer: Consumer;
  readonly #producer: Producer;
  #topicId = '';
  #leader = -1;
  #next = 0n;
  #stopped = false;
  #loop: Promise<void> | null = null;
  #waiters: { offset: bigint; resolve: () => void }[] = [];

  constructor(
    readonly brokers: string[],
    readonly topic: string,
    readonly name: string,
  ) {
    this.#consumer = new Consumer({ ...clientBase(brokers, `${name}-reader`), groupId: `${name}-reader-unused` });
    this.#producer = new Producer({ ...clientBase(brokers, `${name}-writer`), acks: -1, idempotent: false });
  }

  /** The offset the reader will read next: every record below it has been applied. */
  get position(): bigint {
    return this.#next;
  }

  async ensureTopic(): Promise<void> {
    const admin = new Admin(clientBase(this.brokers, `${this.name}-admin`));
    try {
      const existing = await admin.listTopics({ includeInternals: true });
      if (!existing.includes(this.topic)) {
        try {
          await admin.createTopics({
            topics: [this.topic],
            partitions: 1,
            // -1: the broker's default.replication.factor (KIP-464), as large as the cluster allows.
            replicas: -1,
            configs: [{ name: 'cleanup.policy', value: 'compact' }],
          });
        } catch (err) {
          // Another instance may have created it first.
          const again = await admin.listTopics({ includeInternals: true });
          if (!again.includes(this.topic)) throw err;
        }
      }
    } finally {
      await admin.close().catch(() => {});
    }
  }

  async #refreshMetadata(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const md = await this.#consumer.metadata({ topics: [this.topic], forceUpdate: true });
      const t = md.topics.get(this.topic);
      const leader = t?.partitions[0]?.leader ?? -1;
      if (t && leader >= 0) {
        this.#topicId = t.id;
        this.#leader = leader;
        return;
      }
      if (attempt > 40) throw new Error(`topic ${this.topic} has no leader`);
      await sleep(250);
    }
  }

  /** Starts reading from the beginning; `apply` sees every record in order. */
  start(apply: (r: LogRecord) => void): void {
    this.#loop = this.#run(apply);
  }

  async #run(apply: (r: LogRecord) => void): Promise<void> {
    let failures = 0;
    while (!this.#stopped) {
      try {
        if (!this.#topicId) await this.#refreshMetadata();
        const res = await this.#consumer.fetch({
          node: this.#leader,
          maxWaitTime: 500,
          minBytes: 1,
          maxBytes: 8 << 20,
          topics: [
            {
              topicId: this.#topicId,
              partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: this.#next, lastFetchedEpoch: -1, partitionMaxBytes: 8 << 20 }],
            },
          ],
        });
        const part = res.responses[0]?.partitions[0];
        if (!part) continue;
        if (part.errorCode !== 0) {
          // OFFSET_OUT_OF_RANGE (1): compaction or deletion moved the start; read from the log start.
          if (part.errorCode === 1) this.#next = part.logStartOffset;
          else this.#topicId = '';
          await sleep(200);
          continue;
        }
        for (const batch of part.records ?? []) {
          const last = batch.firstOffset + BigInt(batch.lastOffsetDelta);
          if (last < this.#next) continue;
          if (!(batch.attributes & CONTROL_BATCH)) {
            for (const r of batch.records) {
              const offset = batch.firstOffset + BigInt(r.offsetDelta);
              if (offset < this.#next) continue;
              apply({ offset, key: r.key ?? null, value: r.value?.length ? r.value : null });
            }
          }
          this.#next = last + 1n;
        }
        this.#wake();
        failures = 0;
      } catch (err) {
        if (this.#stopped) return;
        failures++;
        this.#topicId = '';
        if (failures === 1 || failures % 20 === 0) console.error(`${this.name}: reading ${this.topic} failed: ${(err as Error).message}`);
        await sleep(Math.min(2_000, 100 * failures));
      }
    }
  }

  #wake(): void {
    this.#waiters = this.#waiters.filter((w) => {
      if (this.#next > w.offset) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  /** Resolves once the reader has applied the record at `offset`. */
  waitFor(offset: bigint, timeoutMs = 10_000): Promise<void> {
    if (this.#next > offset) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w.resolve !== done);
        reject(new Error(`the reader did not reach offset ${offset} of ${this.topic} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.#waiters.push({ offset, resolve: done });
    });
  }

  /** The end of the log now (the next offset to be written). */
  async endOffset(): Promise<bigint> {
    const offsets = await this.#consumer.listOffsets({ topics: [this.topic], timestamp: -1n });
    return offsets.get(this.topic)?.[0] ?? 0n;
  }

  /** Waits until every record written before this call has been applied. */
  async catchUp(timeoutMs = 10_000): Promise<void> {
    const end = await this.endOffset();
    if (end > 0n) await this.waitFor(end - 1n, timeoutMs);
  }

  /** Appends the records in order; resolves with the last one's offset. */
  async append(records: { key: Buffer; value: Buffer | null }[]): Promise<bigint> {
    const res = await this.#producer.send({
      messages: records.map((r) => ({ topic: this.topic, partition: 0, key: r.key, value: r.value ?? undefined })),
    });
    const base = res.offsets?.find((o) => o.topic === this.topic)?.offset;
    if (base === undefined) throw new Error('the broker returned no offset');
    return BigInt(base) + BigInt(records.length - 1);
  }

  async close(): Promise<void> {
    this.#stopped = true;
    await this.#loop?.catch(() => {});
    await Promise.allSettled([this.#consumer.close(true), this.#producer.close()]);
  }
}
