import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The bare-HTTP baseline for live-tail cases: a plain Node server whose one route streams
 * pre-built SSE events as fast as the socket takes them. Whatever the console adds on top of
 * this (Next.js, Kafka, serialisation) is its own overhead.
 */
export async function startBareSseServer(events: string[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform' });
    let i = 0;
    const pump = () => {
      while (i < events.length) {
        if (!res.write(events[i++]!)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Reads an SSE stream until `count` message events arrived (or the stream ends); events/s. */
export async function readSse(url: string, count: number, init: RequestInit = {}): Promise<{ events: number; ms: number; perSecond: number }> {
  const started = performance.now();
  const controller = new AbortController();
  const res = await fetch(url, { ...init, signal: controller.signal, headers: { accept: 'text/event-stream', ...(init.headers ?? {}) } });
  if (!res.ok || !res.body) throw new Error(`SSE answered ${res.status}`);
  const decoder = new TextDecoder();
  let buffered = '';
  let events = 0;
  const reader = res.body.getReader();
  while (events < count) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffered.indexOf('\n\n')) >= 0) {
      const block = buffered.slice(0, cut);
      buffered = buffered.slice(cut + 2);
      if (/^data:/m.test(block) && !/^event: (?!message)/m.test(block)) events++;
    }
  }
  controller.abort();
  const ms = performance.now() - started;
  return { events, ms, perSecond: (events / ms) * 1000 };
}

/** Pre-built events shaped like the console's message events. */
export function sampleEvents(n: number, valueBytes = 200): string[] {
  const value = 'x'.repeat(valueBytes);
  return Array.from({ length: n }, (_, i) => `id: 0:${i + 1}\nevent: message\ndata: {"partition":0,"offset":"${i}","key":"k${i}","value":"${value}"}\n\n`);
}
