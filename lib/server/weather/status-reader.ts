import 'server-only';
import { browseReaderFor } from '../messages/kafka-reader';
import { PRODUCER_COMMAND_KEY, processStatus, producerCommand, type ProcessStatus, type ProducerCommand } from '@/lib/pipeline/control';
import { singleton } from '../singleton';
import { Gauge } from 'prom-client';
import { riffleMetrics } from '../observability/riffle-metrics';

/**
 * One reader of a pipeline's control topic per (cluster, topic) per console process, shared by
 * every request: it keeps the latest value per key (process statuses, the producer command).
 * It reads at explicit offsets through the browse reader, with no consumer group: a GET
 * changes nothing on the cluster (it used to join a group, on read-only clusters too, for any
 * prefix a viewer typed). It polls once a second and stops after a minute without requests.
 */
export interface StatusReaderState {
  state: 'starting' | 'ready' | 'error';
  error: string | null;
  statuses: Map<string, ProcessStatus>;
  command: ProducerCommand | null;
}

interface Reader extends StatusReaderState {
  lastUsed: number;
  stopped: boolean;
}

const IDLE_MS = 60_000;
const POLL_MS = 1_000;
const readers = singleton('riffle:weather/status-reader', (): Map<string, Reader> => new Map());

function onRecord(reader: Reader, key: string | null | undefined, value: string | null | undefined): void {
  if (!key || !value) return;
  try {
    const parsed = JSON.parse(value);
    if (key === PRODUCER_COMMAND_KEY) {
      const c = producerCommand.safeParse(parsed);
      if (c.success) reader.command = c.data;
    } else if (key.startsWith('status:')) {
      const s = processStatus.safeParse(parsed);
      if (s.success) reader.statuses.set(key, s.data);
    }
  } catch {
    // not ours to judge: someone wrote non-JSON to the control topic
  }
}

async function follow(cluster: string, topic: string, reader: Reader): Promise<void> {
  const kafka = browseReaderFor(cluster);
  const layout = await kafka.layout(topic);
  const positions = await kafka.offsets(topic, [...layout.leaders.keys()], 'earliest');
  while (!reader.stopped) {
    const batches = await kafka.fetch(topic, positions, { maxWaitMs: 0 });
    let caughtUp = true;
    for (const b of batches) {
      for (const m of b.records) onRecord(reader, m.key?.text, m.value?.text);
      positions.set(b.partition, b.nextOffset);
      if (b.nextOffset < b.highWatermark) caughtUp = false;
    }
    if (reader.state !== 'ready' && caughtUp) {
      reader.state = 'ready';
      reader.error = null;
    }
    if (caughtUp) await new Promise((r) => setTimeout(r, POLL_MS));
    if (Date.now() - reader.lastUsed > IDLE_MS) break;
  }
}

/** The reader of an existing control topic (the caller checks it exists: nothing here creates one). */
export function statusReader(cluster: string, topic: string): StatusReaderState {
  const id = `${cluster}\u0000${topic}`;
  const existing = readers.get(id);
  if (existing) {
    existing.lastUsed = Date.now();
    return existing;
  }
  const reader: Reader = { state: 'starting', error: null, statuses: new Map(), command: null, lastUsed: Date.now(), stopped: false };
  readers.set(id, reader);
  registerPipelineCounters();
  follow(cluster, topic, reader)
    .catch((err: unknown) => {
      reader.state = 'error';
      reader.error = (err as Error).message;
    })
    .finally(() => {
      reader.stopped = true;
      if (readers.get(id) === reader) readers.delete(id);
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

/**
 * The weather pipeline runs in processes of its own and reports its counters on its control
 * topic; /api/metrics shows what the status readers last saw. Registered with the first reader
 * and reported only while one runs (someone opened the pipeline page within the last minute): a
 * scrape never starts a consumer. Here, not in observability/, so metrics never import a feature.
 */
function registerPipelineCounters(): void {
  singleton('riffle:weather/pipeline-gauge', () =>
    new Gauge({
      name: 'riffle_pipeline_process_counter',
      help: 'Counters the weather pipeline processes last reported on their control topic (records read, written, to the DLQ, …)',
      labelNames: ['cluster', 'control_topic', 'role', 'instance', 'counter'] as const,
      registers: [riffleMetrics().registry],
      collect() {
        this.reset();
        for (const { cluster, topic, status } of reportedStatuses()) {
          for (const [counter, value] of Object.entries(status.counters)) {
            this.set({ cluster, control_topic: topic, role: status.role, instance: status.instance, counter }, value);
          }
        }
      },
    }),
  );
}
