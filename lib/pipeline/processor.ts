import { Consumer, FetchIsolationLevels, Producer, stringSerializers, type BaseOptions, type MessagesStream } from '@platformatic/kafka';
import { committedStream, headersToStrings, javaPartitioner, nextBatch, readTopicToEnd, sleep, type KafkaMessage } from './kafka';
import type { PipelineNames } from './names';
import type { OutMessage } from './producer';
import type { StatusSource } from './status-reporter';
import type { Topology } from './topology';
import { weatherTopology, WINDOW_STORE } from './weather-topology';

/** Records taken from the stream per transaction, and records per send inside it. */
const MAX_BATCH = 500;

/**
 * Runs the weather topology exactly once: each batch taken from the stream is processed inside
 * one Kafka transaction holding the outputs, the state-store changes (to the compacted changelog)
 * and the consumed offsets (TxnOffsetCommit with the group's generation, so a member fenced by a
 * rebalance cannot commit). Downstream reads read_committed. On (re)assignment the window store
 * is restored from the changelog before any record is processed.
 *
 * The consumer group uses the classic protocol: the library's Transaction.addOffset sends the
 * consumer's classic generation id, which a KIP-848 ('consumer') member never gets (its member
 * epoch stays private), so the broker would refuse every transactional offset commit there.
 *
 * After a transaction that failed, the stream is dropped and the group's committed offsets read
 * again (what the stream had buffered past them belongs to the aborted transaction), the store
 * is restored, and the transactional producer is replaced: a new producer with the same
 * transactional id gets a new epoch, so no sequence number of the failed one is ever reused.
 */
export class StreamProcessor implements StatusSource {
  readonly role = 'processor' as const;
  private state: 'starting' | 'restoring' | 'running' | 'stopped' | 'error' = 'starting';
  private consumer: Consumer<Buffer, Buffer, Buffer, Buffer> | null = null;
  private stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | null = null;
  private producer: Producer<string, string, string, string> | null = null;
  private needsRestore = true;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private readonly counters: Record<string, number> = { consumed: 0, produced: 0, dlq: 0, duplicates: 0, transactions: 0, aborted: 0, producersReplaced: 0, restored: 0 };
  private assigned: number[] = [];
  readonly topology: Topology;

  constructor(
    private readonly client: BaseOptions,
    private readonly names: PipelineNames,
    readonly instance: string,
    windowDays?: number,
  ) {
    this.topology = weatherTopology(names, windowDays);
  }

  snapshot() {
    return { state: this.state, counters: { ...this.counters }, rateCounter: 'consumed', detail: { partitions: this.assigned.join(',') || null, storeKeys: this.topology.store(WINDOW_STORE).size } };
  }

  private async restore(): Promise<void> {
    this.state = 'restoring';
    const store = this.topology.store(WINDOW_STORE);
    store.clear();
    const n = await readTopicToEnd(`${this.client.clientId}-restore`, this.names.changelog, `${this.names.processorGroup}-restore-${this.instance}`, (key, value) => {
      if (key !== null) store.restore(key, value === null ? undefined : JSON.parse(value.toString()));
    });
    this.counters.restored! += n;
    this.needsRestore = false;
    this.state = 'running';
  }

  /** Joins the group and starts consuming; the processing goes on in the background until stop(). */
  async start(): Promise<void> {
    await this.open();
    this.state = 'restoring';
    this.loop = this.run();
  }

  private consumerFor(): Consumer<Buffer, Buffer, Buffer, Buffer> {
    const consumer = new Consumer({
      ...this.client,
      clientId: `${this.client.clientId}-processor`,
      groupId: this.names.processorGroup,
      groupProtocol: 'classic',
      sessionTimeout: 10_000,
      rebalanceTimeout: 20_000,
      heartbeatInterval: 1_000,
      maxWaitTime: 200,
      // Bounded fetches keep each transaction (and its output requests) small after a backlog.
      maxBytesPerPartition: 128 * 1024,
      isolationLevel: FetchIsolationLevels.READ_COMMITTED,
    });
    consumer.on('consumer:group:join', () => {
      this.needsRestore = true;
      this.assigned = (consumer.assignments ?? []).filter((a) => a.topic === this.names.raw).flatMap((a) => a.partitions).sort((a, b) => a - b);
    });
    return consumer;
  }

  /** A stream from the group's committed offsets (the earliest where none). */
  private async open(): Promise<void> {
    this.consumer ??= this.consumerFor();
    this.stream = await committedStream(this.consumer, this.names.raw);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (!this.stream) await this.open();
        const batch = await nextBatch(this.stream!, MAX_BATCH);
        if (this.stopped) return;
        if (batch.length === 0) throw new Error('the consumer stream ended');
        if (this.needsRestore) await this.restore();
        await this.transact(batch);
        failures = 0;
      } catch (err) {
        if (this.stopped) return;
        failures += 1;
        console.warn(`processor: ${(err as Error).message}; reading again from the committed offsets`);
        // Offsets move only with a committed transaction: start over from them, with a state
        // restored from the changelog. After repeated failures rejoin with a new consumer.
        this.needsRestore = true;
        const stream = this.stream;
        this.stream = null;
        await stream?.close().catch(() => {});
        if (failures >= 2) {
          const consumer = this.consumer;
          this.consumer = null;
          await consumer?.close(true).catch(() => {});
        }
        await sleep(Math.min(5_000, 500 * failures));
      }
    }
  }

  private async transact(batch: KafkaMessage[]): Promise<void> {
    this.producer ??= this.newProducer();
    const producer = this.producer;
    let tx: Awaited<ReturnType<typeof producer.beginTransaction>> | null = null;
    try {
      // (InitProducerId can fail here during a failover: the producer is replaced below, since
      // the library keeps the half-begun transaction and refuses the next one)
      tx = await producer.beginTransaction();
      await tx.addConsumer(this.consumer!);
      const out: OutMessage[] = [];
      let produced = 0;
      let dlq = 0;
      let dups = 0;
      const lastOfPartition = new Map<number, KafkaMessage>();
      for (const m of batch) {
        const result = this.topology.process(m.topic, {
          key: m.key ? m.key.toString() : null,
          value: m.value ?? null,
          timestamp: Number(m.timestamp),
          headers: { ...headersToStrings(m.headers), 'riffle.source': `${m.topic}/${m.partition}/${m.offset}` },
        });
        lastOfPartition.set(m.partition, m);
        for (const o of result.outputs) {
          out.push({ topic: o.topic, key: o.key ?? undefined, value: o.value ?? undefined, headers: { ...o.headers, 'riffle.event-time': new Date(o.timestamp).toISOString() } });
          if (o.topic === this.names.dlq) dlq += 1;
          else produced += 1;
        }
        for (const [k, v] of result.counters) if (k.endsWith(':duplicates')) dups += v;
      }
      for (const store of this.topology.stores.values()) {
        for (const [key, value] of store.drainChanges()) out.push({ topic: this.names.changelog, key, value: value === undefined ? undefined : JSON.stringify(value) });
      }
      // Several partitions per send; at most MAX_BATCH records, so one request stays well under
      // message.max.bytes.
      for (let i = 0; i < out.length; i += MAX_BATCH) await tx.send({ messages: out.slice(i, i + MAX_BATCH) });
      for (const m of lastOfPartition.values()) await tx.addOffset(m);
      await tx.commit();
      this.counters.consumed! += batch.length;
      this.counters.produced! += produced;
      this.counters.dlq! += dlq;
      this.counters.duplicates! += dups;
      this.counters.transactions! += 1;
    } catch (err) {
      this.counters.aborted! += 1;
      if (tx && !tx.completed) await tx.abort().catch(() => {});
      // A new producer (new epoch) before the next transaction: see the class comment.
      this.counters.producersReplaced! += 1;
      this.producer = null;
      await producer.close().catch(() => {});
      // The in-memory store holds this batch's changes: rebuild it from the changelog.
      this.needsRestore = true;
      for (const store of this.topology.stores.values()) store.discardChanges();
      throw err;
    }
  }

  /**
   * One transactional id per instance: a restarted instance (or a replaced producer) fences its
   * predecessor and aborts its open transaction before restoring state.
   */
  private newProducer(): Producer<string, string, string, string> {
    return new Producer({
      ...this.client,
      clientId: `${this.client.clientId}-tx`,
      idempotent: true,
      transactionalId: `${this.names.transactionalIdPrefix}-${this.instance}`,
      // InitProducerId with -1/-1 asks for the transactional id's producer afresh (fencing the
      // predecessor, aborting its open transaction). Left unset the library sends 0/0, which the
      // coordinator takes as a claim to be producer 0 and answers PRODUCER_FENCED as soon as the
      // id has had any producer: a restarted or replaced processor could never begin a
      // transaction again (seen in a kill -9 bounce; reproduced with two producers in a row).
      producerId: -1n,
      producerEpoch: -1,
      // InitProducerId sends this as the transaction timeout (the library's default is 5 s, short
      // enough for the broker to abort a transaction that waits out a leader change)
      timeout: 15_000,
      partitioner: javaPartitioner,
      serializers: stringSerializers,
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.state = 'stopped';
    await this.stream?.close().catch(() => {});
    await this.consumer?.close(true).catch(() => {});
    await this.loop?.catch(() => {});
    await this.producer?.close().catch(() => {});
  }
}
