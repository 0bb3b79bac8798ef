import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Producer, ProduceAcks } from '@platformatic/kafka';
import { liveBatch } from '@/lib/contracts/live-batch';
import { authHeaders, baseUrl } from '../helpers/api';
import type { TestAdmin } from '../helpers/kafka-admin';
import { BROKERS } from './cluster';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface BatchRecord {
  first: number;
  size: number;
  partition: number;
  /** partition → base offset, when acknowledged */
  acked: Map<number, number> | null;
  error: string | null;
}

/**
 * Sends numbered messages (value = the number) in small batches with acks=-1 until stopped,
 * remembering which numbers were acknowledged and, per partition, the offset just past the
 * highest acknowledged record (a lower bound on where the log must end).
 *
 * Each batch goes to one partition (one leader per request), and after a failed send the
 * producer is replaced (a new producer id: no sequence number is ever reused). KafkaJS 2.2.4,
 * the client before, turned multi-leader retries into duplicates and rolled back sequence
 * numbers the broker had written ("acknowledged but lost"); keeping each batch to one leader and
 * never reusing a producer id after a failure keeps this check independent of how well any
 * client's idempotence survives a broker fault.
 */
export class NumberedProducer {
  readonly acked = new Set<number>();
  readonly ackedEnds = new Map<number, number>();
  /** Every batch sent, in order: what was acknowledged where, or why it failed. */
  readonly batches: BatchRecord[] = [];
  sendErrors = 0;
  /** Producers replaced after a failed send. */
  replaced = 0;
  private producer: Producer | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private next = 0;
  private batchNo = 0;

  constructor(
    private readonly brokers: string[],
    private readonly topic: string,
    private readonly partitions: number,
    private readonly batchSize = 20,
    private readonly pauseMs = 10,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.produce();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  async close(): Promise<void> {
    await this.stop();
    await this.producer?.close().catch(() => {});
    this.producer = null;
  }

  /** Sends exactly `count` more numbers (retrying with new numbers until acknowledged). */
  async sendSome(count: number): Promise<void> {
    let left = count;
    while (left > 0) {
      const n = Math.min(left, this.batchSize);
      if (await this.sendBatch(n)) left -= n;
      else await sleep(500);
    }
  }

  private async produce(): Promise<void> {
    while (this.running) {
      if (!(await this.sendBatch(this.batchSize))) await sleep(200);
      await sleep(this.pauseMs);
    }
  }

  private async sendBatch(size: number): Promise<boolean> {
    const partition = this.batchNo++ % this.partitions;
    const batch = Array.from({ length: size }, () => this.next++);
    const record: BatchRecord = { first: batch[0]!, size, partition, acked: null, error: null };
    this.batches.push(record);
    try {
      this.producer ??= new Producer({
        clientId: 'riffle-faults-producer',
        bootstrapBrokers: this.brokers,
        idempotent: true,
        acks: ProduceAcks.ALL,
        maxInflights: 1,
        retries: 10,
        retryDelay: 200,
      });
      const { offsets = [] } = await this.producer.send({
        messages: batch.map((n) => ({ topic: this.topic, partition, key: Buffer.from(String(n % 50)), value: Buffer.from(String(n)) })),
      });
      for (const n of batch) this.acked.add(n);
      record.acked = new Map(offsets.map((m) => [m.partition, Number(m.offset)]));
      for (const m of offsets) {
        const end = Number(m.offset) + size;
        if (end > (this.ackedEnds.get(m.partition) ?? 0)) this.ackedEnds.set(m.partition, end);
      }
      return true;
    } catch (err) {
      record.error = `${(err as Error).name}: ${(err as Error).message}`;
      this.sendErrors++; // not acknowledged: allowed to be missing, never allowed to be doubled
      const old = this.producer;
      this.producer = null;
      if (old) {
        this.replaced++;
        await old.close().catch(() => {});
      }
      return false;
    }
  }
}

/**
 * Waits until every broker answers metadata for the topic with a leader for each partition:
 * each broker serves metadata from its own cache, and a broker that has not yet applied the new
 * topic answers UNKNOWN_TOPIC_OR_PARTITION to whichever client asks it first (seen right after a
 * bounce, when a restarted broker catches up with the metadata log).
 */
export async function waitForTopicEverywhere(topic: string, partitions: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const broker of BROKERS) {
    for (;;) {
      const md = await run('kcat', ['-b', broker, '-L', '-J', '-t', topic], { timeout: 15_000 })
        .then(({ stdout }) => JSON.parse(stdout) as { topics: { topic: string; error?: string; partitions: { leader: number }[] }[] })
        .catch(() => null);
      const t = md?.topics.find((x) => x.topic === topic);
      if (t && !t.error && t.partitions.length === partitions && t.partitions.every((p) => p.leader >= 0)) break;
      if (Date.now() > deadline) throw new Error(`broker ${broker} does not know topic ${topic} after ${timeoutMs / 1000} s`);
      await sleep(250);
    }
  }
}

/**
 * Where each partition's log ends: the high watermark from ListOffsets (asked again while a
 * new leader answers OFFSET_NOT_AVAILABLE, until its high watermark is current), and never
 * less than what the producer saw acknowledged.
 */
export async function logEnds(admin: TestAdmin, topic: string, ackedEnds = new Map<number, number>(), timeoutMs = 30_000): Promise<Map<number, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const ends = new Map<number, number>();
      for (const { partition, high } of await admin.topicOffsets(topic)) ends.set(partition, Math.max(high, ackedEnds.get(partition) ?? 0));
      return ends;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(500);
    }
  }
}

export interface LogRecord {
  partition: number;
  offset: number;
  value: string;
}

export interface LogRead {
  records: LogRecord[];
  /** How many whole reads it took to reach every end. */
  reads: number;
  /** Set when the first read stopped short of an end: which partitions, by how much. */
  firstReadShort: string | null;
}

async function kcatRead(topic: string): Promise<LogRecord[]> {
  const { stdout } = await run('kcat', ['-b', BROKERS.join(','), '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%p:%o:%s\n'], {
    maxBuffer: 64 << 20,
    timeout: 60_000,
  });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [p, o, ...v] = line.split(':');
      return { partition: Number(p), offset: Number(o), value: v.join(':') };
    });
}

/**
 * The whole topic as kcat (librdkafka, an independent client) reads it, up to `ends` on every
 * partition. kcat's `-e` stops at the end of partition *as the answering leader sees it*: a
 * leader elected moments ago (a preferred-leader election after a bounce, say) reports its
 * previous, lower high watermark until its followers fetch again, so one read can end early
 * while nothing is lost. So the log is read again until every partition reaches its end; only
 * a log still short after `timeoutMs` is a loss.
 */
export async function readLogToEnd(topic: string, ends: Map<number, number>, timeoutMs = 60_000): Promise<LogRead> {
  const deadline = Date.now() + timeoutMs;
  let firstReadShort: string | null = null;
  for (let reads = 1; ; reads++) {
    const records = await kcatRead(topic);
    const reached = new Map<number, number>();
    for (const r of records) reached.set(r.partition, Math.max(reached.get(r.partition) ?? 0, r.offset + 1));
    const short = [...ends].filter(([p, end]) => (reached.get(p) ?? 0) < end).map(([p, end]) => `p${p} ${reached.get(p) ?? 0}/${end}`);
    if (short.length === 0) return { records, reads, firstReadShort };
    if (reads === 1) firstReadShort = short.join(', ');
    if (Date.now() > deadline) throw new Error(`the log stayed short of its end after ${reads} reads over ${timeoutMs / 1000} s: ${short.join(', ')}`);
    await sleep(1_000);
  }
}

/** Acknowledged numbers absent from the log, and numbers present more than once. */
export function exactlyOnce(acked: Set<number>, records: LogRecord[]): { missing: number[]; doubled: number[]; count: Map<number, number> } {
  const count = new Map<number, number>();
  for (const r of records) count.set(Number(r.value), (count.get(Number(r.value)) ?? 0) + 1);
  return {
    missing: [...acked].filter((n) => !count.has(n)),
    doubled: [...count].filter(([, c]) => c > 1).map(([n]) => n),
    count,
  };
}

/**
 * For acknowledged numbers missing from the log: the batch that carried them, where the broker
 * said it wrote them, what the log holds there instead, and the batches sent just before.
 */
export function explainMissing(missing: number[], producer: NumberedProducer, log: LogRecord[]): string {
  if (!missing.length) return '';
  const at = new Map(log.map((r) => [`${r.partition}@${r.offset}`, r.value]));
  const lines: string[] = [];
  const seen = new Set<BatchRecord>();
  for (const n of missing) {
    const i = producer.batches.findIndex((b) => n >= b.first && n < b.first + b.size);
    const b = producer.batches[i];
    if (!b || seen.has(b)) continue;
    seen.add(b);
    const where = [...(b.acked ?? [])].map(([p, o]) => `p${p}@${o} holds ${at.get(`${p}@${o}`) ?? 'nothing'}`).join(', ');
    const before = producer.batches.slice(Math.max(0, i - 3), i).map((x) => `[${x.first}..${x.first + x.size - 1}: ${x.error ?? [...(x.acked ?? [])].map(([p, o]) => `p${p}@${o}`).join(' ')}]`);
    lines.push(`batch ${b.first}..${b.first + b.size - 1} acknowledged at ${where}; the batches before: ${before.join(' ')}`);
  }
  return lines.join('\n');
}

export interface TailMessage {
  partition: number;
  offset: number;
  value: string | null;
}

/**
 * A live tail as a browser's EventSource holds it: reads the console's SSE stream, and when the
 * stream ends or breaks, reconnects after the server's `retry` with Last-Event-ID set to the
 * last id seen. Keeps every message in arrival order, and every `status` event.
 */
export class ResumingTail {
  readonly messages: TailMessage[] = [];
  readonly statuses: { topic: string; state: string; message: string; at: number }[] = [];
  readonly failures: string[] = [];
  connections = 0;
  lastEventId: string | null = null;
  private readonly ac = new AbortController();
  private done: Promise<void> | null = null;

  constructor(private readonly path: string) {}

  open(): this {
    this.done = this.run();
    return this;
  }

  private async run(): Promise<void> {
    while (!this.ac.signal.aborted) {
      try {
        const res = await fetch(`${baseUrl()}${this.path}`, {
          headers: { accept: 'text/event-stream', ...authHeaders(), ...(this.lastEventId ? { 'last-event-id': this.lastEventId } : {}) },
          signal: this.ac.signal,
        });
        if (res.status !== 200 || !res.body) {
          this.failures.push(`answered ${res.status}: ${await res.text()}`);
        } else {
          this.connections++;
          await this.consume(res.body);
        }
      } catch (err) {
        if (this.ac.signal.aborted) return;
        this.failures.push((err as Error).message);
      }
      await sleep(1_000);
    }
  }

  private async consume(body: ReadableStream<Uint8Array>): Promise<void> {
    const dec = new TextDecoder();
    const reader = body.getReader();
    let buf = '';
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) return;
      buf += dec.decode(chunk, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        let event = 'message';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('id: ')) this.lastEventId = line.slice(4);
          else if (line.startsWith('data: ')) data += line.slice(6);
        }
        if (event === 'messages') {
          for (const m of liveBatch.parse(data)) {
            this.messages.push({ partition: m.partition, offset: m.offset, value: m.value?.text ?? null });
          }
        } else if (event === 'status') {
          const s = JSON.parse(data) as { topic: string; state: string; message: string };
          this.statuses.push({ ...s, at: Date.now() });
        } else if (event === 'failure') this.failures.push(data);
      }
    }
  }

  async close(): Promise<void> {
    this.ac.abort();
    await this.done;
  }
}

/**
 * The tail against the log: per partition, the tail's offsets in arrival order must be exactly
 * the log's offsets from where the tail started, with the same values. Returns the problems.
 */
export function compareTailWithLog(tail: TailMessage[], log: LogRecord[], from = new Map<number, number>()): string[] {
  const problems: string[] = [];
  const logBy = new Map<number, LogRecord[]>();
  for (const r of log) if (r.offset >= (from.get(r.partition) ?? 0)) logBy.set(r.partition, [...(logBy.get(r.partition) ?? []), r]);
  const tailBy = new Map<number, TailMessage[]>();
  for (const m of tail) tailBy.set(m.partition, [...(tailBy.get(m.partition) ?? []), m]);
  for (const p of new Set([...logBy.keys(), ...tailBy.keys()])) {
    const want = logBy.get(p) ?? [];
    const got = tailBy.get(p) ?? [];
    const seen = new Set<number>();
    for (const m of got) {
      if (seen.has(m.offset)) problems.push(`p${p}: offset ${m.offset} delivered twice`);
      seen.add(m.offset);
    }
    got.forEach((m, i) => {
      const before = got[i - 1];
      if (before && m.offset < before.offset) problems.push(`p${p}: offset ${m.offset} after ${before.offset}`);
    });
    const missing = want.filter((r) => !seen.has(r.offset));
    if (missing.length) problems.push(`p${p}: ${missing.length} offsets in the log never delivered (first ${missing.slice(0, 5).map((r) => r.offset).join(',')})`);
    const byOffset = new Map(want.map((r) => [r.offset, r.value]));
    const extra = got.filter((m) => !byOffset.has(m.offset));
    if (extra.length) problems.push(`p${p}: ${extra.length} delivered offsets not in the log (first ${extra.slice(0, 5).map((m) => m.offset).join(',')})`);
    const wrong = got.filter((m) => byOffset.has(m.offset) && byOffset.get(m.offset) !== m.value);
    if (wrong.length) problems.push(`p${p}: ${wrong.length} delivered values differ from the log (first at ${wrong[0]?.offset})`);
  }
  return problems;
}
