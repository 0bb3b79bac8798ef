import { liveBatch } from '@/lib/contracts/live-batch';
import { rawFetch } from '../helpers/api';

export interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/** A minimal SSE reader over fetch (what EventSource does, with a handle to cut the connection). */
export class SseClient {
  readonly events: SseEvent[] = [];
  lastEventId: string | undefined;
  private readonly ac = new AbortController();
  private buf = '';
  private waiters: (() => void)[] = [];
  private done: Promise<void> | null = null;
  status = 0;
  headers: Headers | null = null;

  async open(path: string, headers: Record<string, string> = {}): Promise<this> {
    const res = await rawFetch(path, { headers, signal: this.ac.signal });
    this.status = res.status;
    this.headers = res.headers;
    if (res.status !== 200 || !res.body) throw new Error(`SSE open answered ${res.status}: ${await res.text()}`);
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    this.done = (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          this.buf += dec.decode(value, { stream: true });
          this.parse();
        }
      } catch {
        // aborted
      }
    })();
    return this;
  }

  private parse() {
    let i: number;
    while ((i = this.buf.indexOf('\n\n')) >= 0) {
      const block = this.buf.slice(0, i);
      this.buf = this.buf.slice(i + 2);
      const ev: SseEvent = { event: 'message', data: '' };
      let hasData = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const c = line.indexOf(':');
        const field = c < 0 ? line : line.slice(0, c);
        const value = c < 0 ? '' : line.slice(c + 1).replace(/^ /, '');
        if (field === 'event') ev.event = value;
        else if (field === 'id') ev.id = value;
        else if (field === 'data') {
          ev.data += (hasData ? '\n' : '') + value;
          hasData = true;
        }
      }
      if (ev.id !== undefined) this.lastEventId = ev.id;
      if (hasData) this.events.push(ev);
    }
    for (const w of this.waiters.splice(0)) w();
  }

  messages<T = { topic: string; partition: number; offset: number }>(): T[] {
    return this.events.filter((e) => e.event === 'messages').flatMap((e) => liveBatch.parse(e.data) as T[]);
  }

  async until(pred: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${this.messages().length} messages`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  async cut(): Promise<void> {
    this.ac.abort();
    await this.done;
  }
}
