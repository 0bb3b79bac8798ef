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
