import type { Consumer, Kafka, Producer } from 'kafkajs';
import { headersToStrings, IDEMPOTENT_RETRY, PartitionRouter, readTopicToEnd } from './kafka';
import type { PipelineNames } from './names';
import type { StatusSource } from './status-reporter';
import type { Topology } from './topology';
import { weatherTopology, WINDOW_STORE } from './weather-topology';

/**
 * Runs the weather topology exactly once: each fetched batch is processed inside one Kafka
 * transaction holding the outputs, the state-store changes (to the compacted changelog) and the
 * consumed offsets (sendOffsets). Downstream reads read_committed. On (re)assignment the window
 * store is restored from the changelog before any record is processed.
 *
 * Each send inside a transaction goes to one partition (PartitionRouter says why), and after a
 * transaction that failed the transactional producer is replaced: KafkaJS rolls sequence numbers
 * back after a send that failed for good, even where the broker wrote the batch, and the same
 * producer's next batch there would be answered "duplicate" and never written, in a transaction
 * that then commits. A new producer with the same transactional id gets a new epoch, so no
 * sequence number is ever reused (the Java client bumps the epoch after such errors too).
 */
export class StreamProcessor implements StatusSource {
  readonly role = 'processor' as const;
  private state: 'starting' | 'restoring' | 'running' | 'stopped' | 'error' = 'starting';
  private consumer: Consumer | null = null;
  private producer: Producer | null = null;
  private needsRestore = true;
  private readonly counters: Record<string, number> = { consumed: 0, produced: 0, dlq: 0, duplicates: 0, transactions: 0, aborted: 0, producersReplaced: 0, restored: 0 };
  private assigned: number[] = [];
  readonly topology: Topology;

  constructor(
    private readonly kafka: Kafka,
    private readonly names: PipelineNames,
    readonly instance: string,
    windowDays?: number,
  ) {
    this.topology = weatherTopology(names, windowDays);
  }

  snapshot() {
    return { state: this.state, counters: { ...this.counters }, rateCounter: 'consumed', detail: { partitions: this.assigned.join(',') || null, storeKeys: this.topology.store(WINDOW_STORE).size } };
  }

  private async restore(heartbeat: () => Promise<void>): Promise<void> {
    this.state = 'restoring';
    const store = this.topology.store(WINDOW_STORE);
    store.clear();
    const n = await readTopicToEnd(
      this.kafka,
      this.names.changelog,
      `${this.names.processorGroup}-restore-${this.instance}`,
      (key, value) => {
        if (key !== null) store.restore(key, value === null ? undefined : JSON.parse(value.toString()));
      },
      { heartbeat },
    );
    this.counters.restored! += n;
    this.needsRestore = false;
    this.state = 'running';
  }

  async start(): Promise<void> {
    const router = await PartitionRouter.load(this.kafka, [this.names.processed, this.names.dlq, this.names.changelog]);
    this.producer = await this.connectProducer();
    this.consumer = this.kafka.consumer({
      groupId: this.names.processorGroup,
      readUncommitted: false,
      sessionTimeout: 10_000,
      rebalanceTimeout: 20_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 200,
      // Bounded batches keep each transaction (and its output requests) small after a backlog.
      maxBytesPerPartition: 128 * 1024,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, (e) => {
      this.needsRestore = true;
      this.assigned = (e.payload.memberAssignment[this.names.raw] ?? []).slice().sort((a, b) => a - b);
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.names.raw, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
        if (this.needsRestore) await this.restore(heartbeat);
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        this.producer ??= await this.connectProducer();
        const producer = this.producer;
        const tx = await producer.transaction();
        try {
          const topicMessages = new Map<string, { key: string | null; value: string | null; headers: Record<string, string>; timestamp: string }[]>();
          const push = (topic: string, m: { key: string | null; value: string | null; headers: Record<string, string>; timestamp: string }) => {
            const list = topicMessages.get(topic) ?? [];
            list.push(m);
            topicMessages.set(topic, list);
          };
          let consumed = 0;
          let produced = 0;
          let dlq = 0;
          let dups = 0;
          for (const m of batch.messages) {
            const result = this.topology.process(batch.topic, {
              key: m.key?.toString() ?? null,
              value: m.value,
              timestamp: Number(m.timestamp),
              headers: { ...headersToStrings(m.headers), 'riffle.source': `${batch.topic}/${batch.partition}/${m.offset}` },
            });
            consumed += 1;
            for (const o of result.outputs) {
              push(o.topic, { key: o.key, value: o.value, headers: { ...o.headers, 'riffle.event-time': new Date(o.timestamp).toISOString() }, timestamp: String(Date.now()) });
              if (o.topic === this.names.dlq) dlq += 1;
              else produced += 1;
            }
            for (const [k, v] of result.counters) if (k.endsWith(':duplicates')) dups += v;
          }
          for (const store of this.topology.stores.values()) {
            for (const [key, value] of store.drainChanges()) push(this.names.changelog, { key, value: value === undefined ? null : JSON.stringify(value), headers: {}, timestamp: String(Date.now()) });
          }
          // Several sends in the one transaction: one partition each, and at most 500 records (a
          // single request could pass message.max.bytes).
          for (const [topic, messages] of topicMessages) {
            for (const { messages: part } of router.split(topic, messages)) {
              for (let i = 0; i < part.length; i += 500) await tx.send({ topic, messages: part.slice(i, i + 500) });
            }
          }
          const next = String(Number(batch.lastOffset()) + 1);
          await tx.sendOffsets({ consumerGroupId: this.names.processorGroup, topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] });
          await tx.commit();
          resolveOffset(batch.lastOffset());
          this.counters.consumed! += consumed;
          this.counters.produced! += produced;
          this.counters.dlq! += dlq;
          this.counters.duplicates! += dups;
          this.counters.transactions! += 1;
        } catch (err) {
          this.counters.aborted! += 1;
          await tx.abort().catch(() => {});
          // A new producer (new epoch) before the next transaction: see the class comment.
          this.counters.producersReplaced! += 1;
          this.producer = null;
          await producer.disconnect().catch(() => {});
          // The in-memory store holds this batch's changes: rebuild it from the changelog.
          this.needsRestore = true;
          for (const store of this.topology.stores.values()) store.discardChanges();
          throw err;
        }
      },
    });
    this.state = this.needsRestore ? 'restoring' : 'running';
  }

  /**
   * One transactional id per instance: a restarted instance (or a replaced producer) fences its
   * predecessor and aborts its open transaction before restoring state.
   */
  private async connectProducer(): Promise<Producer> {
    const producer = this.kafka.producer({
      transactionalId: `${this.names.transactionalIdPrefix}-${this.instance}`,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 15_000,
      retry: IDEMPOTENT_RETRY,
    });
    await producer.connect();
    return producer;
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    await this.consumer?.disconnect().catch(() => {});
    await this.producer?.disconnect().catch(() => {});
  }
}
