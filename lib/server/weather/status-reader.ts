import 'server-only';
import type { Consumer } from 'kafkajs';
import { kafkaFor } from '../kafka/client';
import { PRODUCER_COMMAND_KEY, processStatus, producerCommand, type ProcessStatus, type ProducerCommand } from '@/lib/pipeline/control';

/**
 * One reader of a pipeline's control topic per (cluster, topic) per console process, shared by
 * every request: it keeps the latest value per key (process statuses, the producer command).
 * Its group id is unique to this process and it never commits, so it moves nobody's offsets;
 * it stops after a minute without requests.
 */
export interface StatusReaderState {
  state: 'starting' | 'ready' | 'error';
  error: string | null;
  statuses: Map<string, ProcessStatus>;
  command: ProducerCommand | null;
}

interface Reader extends StatusReaderState {
  consumer: Consumer;
  lastUsed: number;
  timer: NodeJS.Timeout;
}

const IDLE_MS = 60_000;
const g = globalThis as unknown as { riffleStatusReaders?: Map<string, Reader> };
const readers: Map<string, Reader> = (g.riffleStatusReaders ??= new Map());

export function statusReader(cluster: string, topic: string, groupPrefix: string): StatusReaderState {
  const id = `${cluster}\u0000${topic}`;
  const existing = readers.get(id);
  if (existing) {
    existing.lastUsed = Date.now();
    return existing;
  }
  const consumer = kafkaFor(cluster).consumer({
    groupId: `${groupPrefix}riffle-console-status-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    maxWaitTimeInMs: 500,
    sessionTimeout: 10_000,
    heartbeatInterval: 2_000,
    retry: { retries: 3 },
  });
  const reader: Reader = {
    state: 'starting',
    error: null,
    statuses: new Map(),
    command: null,
    consumer,
    lastUsed: Date.now(),
    timer: setInterval(() => {
      if (Date.now() - reader.lastUsed > IDLE_MS) stop();
    }, 5_000),
  };
  const stop = () => {
    clearInterval(reader.timer);
    readers.delete(id);
    consumer.disconnect().catch(() => {});
  };
  readers.set(id, reader);
  consumer.on(consumer.events.CRASH, (e) => {
    reader.state = 'error';
    reader.error = String((e.payload.error as Error)?.message ?? e.payload.error);
    if (!e.payload.restart) stop();
  });
  (async () => {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        const key = message.key?.toString();
        if (!key || !message.value) return;
        try {
          const value = JSON.parse(message.value.toString());
          if (key === PRODUCER_COMMAND_KEY) {
            const c = producerCommand.safeParse(value);
            if (c.success) reader.command = c.data;
          } else if (key.startsWith('status:')) {
            const s = processStatus.safeParse(value);
            if (s.success) reader.statuses.set(key, s.data);
          }
        } catch {
          // not ours to judge: someone wrote non-JSON to the control topic
        }
      },
    });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      reader.state = 'ready';
      reader.error = null;
    });
    reader.state = 'ready';
  })().catch((err: unknown) => {
    reader.state = 'error';
    reader.error = (err as Error).message;
    stop();
  });
  return reader;
}
