import 'server-only';
import type { Admin, Consumer, ConsumerConfig, Kafka } from 'kafkajs';

/**
 * Keeps a KafkaJS consumer group member alive through what KafkaJS doesn't recover from by
 * itself (its tracker has consumers that stop fetching after a broker restart, and crashes
 * that end with restart=false). Two rules:
 *  - a CRASH event that KafkaJS won't restart from → rebuild the consumer;
 *  - no message handled for `stallMs` while the group is behind on its topic → rebuild it.
 *  - a gap in a partition's offsets (a message arrives past the next expected offset) → seek
 *    back once and re-read; only a gap that is still there on the re-read (compaction,
 *    transaction markers) is accepted. KafkaJS 2.2.4 was seen here to skip messages after
 *    restarting from a "coordinator is loading" crash during a broker bounce.
 * Rebuilding is disconnect + a new consumer with the same group: committed offsets make it
 * resume where the group was, so the handler must be idempotent (it already must be, since
 * Kafka consumers are at-least-once).
 */
export interface WatchdogOptions {
  kafka: Kafka;
  admin: Admin;
  consumer: ConsumerConfig;
  topic: string;
  fromBeginning?: boolean;
  /** Called per message; resolve once the message is handled. */
  eachMessage: (msg: { partition: number; offset: string; value: Buffer | null; key: Buffer | null }) => Promise<void>;
  stallMs?: number;
  checkEveryMs?: number;
  onEvent?: (event: WatchdogEvent) => void;
}

export type WatchdogEvent =
  | { type: 'started'; generation: number }
  | { type: 'crash'; message: string; restartedByKafkaJs: boolean }
  | { type: 'stall'; idleMs: number; lag: number }
  | { type: 'rebuilt'; generation: number; reason: string }
  | { type: 'gap'; partition: number; expected: string; got: string; action: 'reread' | 'accepted' };

export interface SupervisedConsumer {
  /** How many times the consumer was rebuilt. */
  readonly rebuilds: number;
  stop(): Promise<void>;
}

/** Lag of a group on one topic: log end offsets minus committed offsets (none committed = from start). */
export async function groupLag(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const byPartition = new Map(committed[0]?.partitions.map((p) => [p.partition, Number(p.offset)]));
  let lag = 0;
  for (const e of ends) {
    const c = byPartition.get(e.partition) ?? -1;
    lag += Math.max(0, Number(e.high) - (c < 0 ? Number(e.low) : c));
  }
  return lag;
}

export async function superviseConsumer(opts: WatchdogOptions): Promise<SupervisedConsumer> {
  const stallMs = opts.stallMs ?? 20_000;
  const checkEveryMs = opts.checkEveryMs ?? 2_000;
  const emit = opts.onEvent ?? (() => {});
  let consumer: Consumer | null = null;
  let generation = 0;
  let rebuilds = 0;
  let lastProgress = Date.now();
  let stopped = false;
  let rebuilding: Promise<void> | null = null;
  // Next offset expected per partition, across rebuilds; and gaps already re-read once.
  const nextOffset = new Map<number, bigint>();
  const reread = new Set<string>();

  async function start(): Promise<void> {
    generation++;
    const c = opts.kafka.consumer(opts.consumer);
    consumer = c;
    c.on(c.events.CRASH, (e) => {
      emit({ type: 'crash', message: e.payload.error.message, restartedByKafkaJs: e.payload.restart });
      if (!e.payload.restart) void rebuild('crash without restart');
    });
    await c.connect();
    await c.subscribe({ topic: opts.topic, fromBeginning: opts.fromBeginning ?? true });
    lastProgress = Date.now();
    await c.run({
      eachMessage: async ({ partition, message }) => {
        const offset = BigInt(message.offset);
        const expected = nextOffset.get(partition);
        if (expected !== undefined && offset > expected) {
          const key = `${partition}:${expected}`;
          if (!reread.has(key)) {
            reread.add(key);
            emit({ type: 'gap', partition, expected: String(expected), got: message.offset, action: 'reread' });
            c.seek({ topic: opts.topic, partition, offset: String(expected) });
            return;
          }
          emit({ type: 'gap', partition, expected: String(expected), got: message.offset, action: 'accepted' });
        }
        await opts.eachMessage({ partition, offset: message.offset, value: message.value, key: message.key });
        if (expected === undefined || offset >= expected) nextOffset.set(partition, offset + 1n);
        lastProgress = Date.now();
      },
    });
    emit({ type: 'started', generation });
  }

  async function rebuild(reason: string): Promise<void> {
    if (stopped || rebuilding) return rebuilding ?? undefined;
    rebuilding = (async () => {
      rebuilds++;
      const old = consumer;
      consumer = null;
      await old?.disconnect().catch(() => {});
      // Bounded retry: the cluster may still be coming back.
      for (let attempt = 0; !stopped; attempt++) {
        try {
          await start();
          emit({ type: 'rebuilt', generation, reason });
          return;
        } catch {
          await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * 2 ** attempt)));
        }
      }
    })().finally(() => {
      rebuilding = null;
    });
    return rebuilding;
  }

  const timer = setInterval(() => {
    const idle = Date.now() - lastProgress;
    if (stopped || rebuilding || idle < stallMs) return;
    groupLag(opts.admin, opts.consumer.groupId, opts.topic)
      .then((lag) => {
        if (lag > 0 && Date.now() - lastProgress >= stallMs) {
          emit({ type: 'stall', idleMs: Date.now() - lastProgress, lag });
          void rebuild(`no progress for ${Math.round(idle / 1000)} s with ${lag} messages waiting`);
        } else {
          lastProgress = Date.now(); // idle because there is nothing to read
        }
      })
      .catch(() => {}); // cluster unreachable: nothing to judge yet
  }, checkEveryMs);
  timer.unref();

  await start();
  return {
    get rebuilds() {
      return rebuilds;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await rebuilding?.catch(() => {});
      await consumer?.disconnect().catch(() => {});
    },
  };
}
