import 'server-only';
import { followTopic, type Following } from '../kafka/follow-topic';
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
  following: Promise<Following | null>;
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
  const groupId = `${groupPrefix}riffle-console-status-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const reader: Reader = {
    state: 'starting',
    error: null,
    statuses: new Map(),
    command: null,
    following: Promise.resolve(null),
    lastUsed: Date.now(),
    timer: setInterval(() => {
      if (Date.now() - reader.lastUsed > IDLE_MS) stop();
    }, 5_000),
  };
  const stop = () => {
    clearInterval(reader.timer);
    readers.delete(id);
    void reader.following.then((f) => f?.close());
  };
  readers.set(id, reader);
  reader.following = followTopic(cluster, topic, groupId, {
    onRecord: (k, v) => {
      const key = k?.toString();
      if (!key || !v) return;
      try {
        const value = JSON.parse(v.toString());
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
    onReady: () => {
      reader.state = 'ready';
      reader.error = null;
    },
    onError: (err) => {
      reader.state = 'error';
      reader.error = String((err as Error)?.message ?? err);
      stop();
    },
  }).catch((err: unknown) => {
    reader.state = 'error';
    reader.error = (err as Error).message;
    stop();
    return null;
  });
  return reader;
}

/** Every pipeline process status the open readers hold, without keeping any reader alive (GET /api/metrics). */
export function reportedStatuses(): { cluster: string; topic: string; status: ProcessStatus }[] {
  const out: { cluster: string; topic: string; status: ProcessStatus }[] = [];
  for (const [id, reader] of readers) {
    const [cluster = '', topic = ''] = id.split('\u0000');
    for (const status of reader.statuses.values()) out.push({ cluster, topic, status });
  }
  return out;
}
