/**
 * Counts what a console live stream delivers without decoding it: many clients in one bench
 * process must not make the bench the bottleneck. Works on the raw bytes, event by event
 * (complete events end with a blank line; a partial one waits for the next chunk): a
 * `messages` event's data begins with its `"count":` (lib/contracts/live-batch.ts), as does a
 * `dropped` event's; inside a message's own text a quote is escaped, so a value cannot fake one.
 */
const SEP = Buffer.from('\n\n');
const COUNT = Buffer.from('"count":');
const READY = Buffer.from('event: ready\n');
const MESSAGES = Buffer.from('event: messages\n');
const DROPPED = Buffer.from('event: dropped\n');
/** The event name is in an event's first line or two (`retry:` may come first). */
const HEAD = 64;

export interface StreamCounts {
  messages: number;
  dropped: number;
  ready: boolean;
}

export class SseCounter {
  readonly counts: StreamCounts = { messages: 0, dropped: 0, ready: false };
  /** The bytes of an event still arriving, kept as chunks so a long event is joined once. */
  private carry: Buffer[] = [];
  private lastByte = 0;

  push(chunk: Uint8Array): void {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (!bytes.length) return;
    const ends = bytes.includes(SEP) || (this.lastByte === 0x0a && bytes[0] === 0x0a);
    this.lastByte = bytes[bytes.length - 1]!;
    if (!ends) {
      this.carry.push(Buffer.from(bytes));
      return;
    }
    const buf = this.carry.length ? Buffer.concat([...this.carry, bytes]) : bytes;
    const end = buf.lastIndexOf(SEP);
    const done = buf.subarray(0, end + 2);
    this.carry = end + 2 < buf.length ? [Buffer.from(buf.subarray(end + 2))] : [];
    for (let at = 0; at < done.length; ) {
      const stop = done.indexOf(SEP, at);
      const event = done.subarray(at, stop);
      at = stop + 2;
      const head = event.subarray(0, HEAD);
      if (head.includes(MESSAGES)) this.counts.messages += countIn(event);
      else if (head.includes(DROPPED)) this.counts.dropped += countIn(event);
      else if (head.includes(READY)) this.counts.ready = true;
    }
  }
}

function countIn(event: Buffer): number {
  let i = event.indexOf(COUNT);
  if (i < 0) return 0;
  let n = 0;
  for (i += COUNT.length; event[i]! >= 0x30 && event[i]! <= 0x39; i++) n = n * 10 + event[i]! - 0x30;
  return n;
}

/** Reads a live stream into a counter until the signal aborts. */
export async function countStream(url: string, headers: Record<string, string>, counter: SseCounter, signal: AbortSignal): Promise<void> {
  try {
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal });
    if (!res.ok || !res.body) throw new Error(`SSE ${url} answered ${res.status}: ${await res.text()}`);
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      counter.push(value);
    }
  } catch (err) {
    if ((err as Error).name !== 'AbortError') throw err;
  }
}
