/**
 * Counts what a console live stream delivers without decoding it: many clients in one bench
 * process must not make the bench the bottleneck. Works on the raw bytes, event by event
 * (complete events end with a blank line; a partial one waits for the next chunk): messages
 * are counted by their `"offset":` field (inside a message's own text a quote is escaped, so
 * a value cannot fake one); `ready` and `dropped` events, rare and small, are decoded.
 */
const SEP = Buffer.from('\n\n');
const OFFSET = Buffer.from('"offset":');
const READY = Buffer.from('event: ready\n');
const DROPPED = Buffer.from('event: dropped\n');

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
    for (let i = done.indexOf(OFFSET); i >= 0; i = done.indexOf(OFFSET, i + OFFSET.length)) this.counts.messages++;
    if (!this.counts.ready && done.includes(READY)) this.counts.ready = true;
    for (let i = done.indexOf(DROPPED); i >= 0; i = done.indexOf(DROPPED, i + DROPPED.length)) {
      const stop = done.indexOf(SEP, i);
      const m = /"count":(\d+)/.exec(done.subarray(i, stop).toString());
      if (m) this.counts.dropped += Number(m[1]);
    }
  }
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
