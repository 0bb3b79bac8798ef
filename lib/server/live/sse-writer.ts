import 'server-only';
import { encodeMuxId, muxTagLine } from '@/lib/contracts/streams';
import { sseFields, type LiveEvent, type LiveEventSource } from './live-events';

/**
 * The one SSE writer: the only code that turns live events into `text/event-stream`. A single
 * stream writes its source's events as they are; a multiplexed connection writes several
 * sources' events tagged with their sub-stream key (see lib/contracts/streams.ts).
 */

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};
export const HEARTBEAT_MS = 15_000;
/** Chunks serialised ahead of the socket: the next one is built while Next waits for it to drain. */
const CHUNKS_AHEAD = 4;
/** Characters waiting for a multiplexed client before its sub-streams stop being read (each then queues or drops as it does alone). */
const MAX_MUX_BUFFERED_CHARS = 1_000_000;

const enc = new TextEncoder();
const heartbeat = () => `: heartbeat ${new Date().toISOString()}\n\n`;

function eventText(ev: LiveEvent): string {
  const f = sseFields(ev);
  if (!f) return heartbeat();
  return f.id === null ? `event: ${f.event}\ndata: ${f.data}\n\n` : `event: ${f.event}\nid: ${f.id}\ndata: ${f.data}\n\n`;
}

/** One stream as a response: its events as they come; closing either side closes the other. */
export function sseResponse(source: LiveEventSource, signal: AbortSignal): Response {
  const events = source[Symbol.asyncIterator]();
  let head = `retry: ${source.retryMs}\n\n`;
  const onAbort = () => source.close();
  signal.addEventListener('abort', onAbort, { once: true });
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          const next = await events.next();
          if (next.done) {
            signal.removeEventListener('abort', onAbort);
            controller.close();
            return;
          }
          let text = head;
          head = '';
          for (const ev of next.value) text += eventText(ev);
          if (text) {
            controller.enqueue(enc.encode(text));
            return;
          }
        }
      },
      cancel() {
        source.close();
      },
    },
    { highWaterMark: CHUNKS_AHEAD },
  );
  return new Response(stream, { headers: SSE_HEADERS });
}

export interface MuxPart {
  /** The sub-stream key its events are tagged with. */
  key: string;
  source: LiveEventSource;
}

/**
 * Several streams on one response. Each event goes out as `event:` its own name, `id:` every
 * sub-stream's last id together (encodeMuxId: a reconnecting EventSource sends that back and
 * each resumes after its own last event), and `data:` a tag line {s, id} then its own data.
 * Sub-streams' heartbeats are left out: the connection sends its own. A sub-stream that fails
 * says so and the others go on; one that ends without failing (the server is stopping) ends
 * the connection, so the browser reconnects and every sub-stream resumes.
 */
export function multiplexedResponse(parts: readonly MuxPart[], ids: Map<string, string>, signal: AbortSignal, onClose: () => void): Response {
  let out: string[] = [`retry: 1000\n: ${parts.length} sub-streams\n\n`];
  let outChars = 0;
  let wake: (() => void) | null = null;
  const roomWaiters: (() => void)[] = [];
  let closed = false;
  let live = parts.length;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const push = (text: string) => {
    out.push(text);
    outChars += text.length;
    notify();
  };
  const timer = setInterval(() => push(heartbeat()), HEARTBEAT_MS);
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    for (const p of parts) p.source.close();
    onClose();
    for (const w of roomWaiters.splice(0)) w();
    notify();
  };

  const pump = async ({ key, source }: MuxPart) => {
    let failed = false;
    try {
      for await (const batch of source) {
        for (const ev of batch) {
          const f = sseFields(ev);
          if (!f) continue;
          if (f.id !== null) ids.set(key, f.id);
          if (f.event === 'failure') failed = true;
          push(`event: ${f.event}\nid: ${encodeMuxId(ids)}\ndata: ${muxTagLine(key, f.id)}\ndata: ${f.data}\n\n`);
        }
        while (outChars > MAX_MUX_BUFFERED_CHARS && !closed) await new Promise<void>((r) => roomWaiters.push(r));
        if (closed) break;
      }
    } catch {
      // the source broke off: treated like one that ended
    } finally {
      source.close();
      if (--live === 0 || !failed) close();
    }
  };
  for (const p of parts) void pump(p);

  signal.addEventListener('abort', close, { once: true });
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (out.length) {
          const text = out.join('');
          out = [];
          outChars = 0;
          for (const w of roomWaiters.splice(0)) w();
          if (text) {
            controller.enqueue(enc.encode(text));
            return;
          }
        }
        if (closed) {
          signal.removeEventListener('abort', close);
          controller.close();
          return;
        }
        await new Promise<void>((r) => (wake = r));
      }
    },
    cancel() {
      close();
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
}
