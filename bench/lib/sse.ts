import http from 'node:http';
import { decodeLiveBatch } from '@/lib/contracts/live-batch';

/**
 * A minimal SSE reader for benchmarks: calls onEvent per event with its name and data; the
 * console's `messages` events carry a batch of messages (lib/contracts/live-batch.ts).
 * It reads with node:http, not fetch: undici's web streams and TextDecoder cost the client
 * more than the parsing (measured 0.5–0.6M vs 0.8–0.9M msg/s from the same bare server), and
 * a browser's EventSource parses natively. Riffle and its baselines share this reader.
 */
export interface SseEvent {
  event: string;
  id: string | null;
  data: string;
}

export function readEvents(
  url: string,
  headers: Record<string, string>,
  onEvent: (e: SseEvent) => boolean | void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let finished = false;
    const finish = (err?: Error) => {
      if (finished) return;
      finished = true;
      req.destroy();
      if (err) reject(err);
      else resolve();
    };
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      res.setEncoding('utf8');
      if (res.statusCode !== 200) {
        let body = '';
        res.on('data', (c: string) => (body += c));
        res.on('end', () => finish(new Error(`SSE ${url} answered ${res.statusCode}: ${body}`)));
        return;
      }
      let buf = '';
      res.on('data', (chunk: string) => {
        if (finished) return;
        buf = buf ? buf + chunk : chunk;
        let at = 0;
        for (let cut; (cut = buf.indexOf('\n\n', at)) >= 0; at = cut + 2) {
          if (buf.charCodeAt(at) === 0x3a) continue; // a comment: heartbeat
          let event = 'message';
          let id: string | null = null;
          const data: string[] = [];
          for (let line = at; line < cut; ) {
            const nl = buf.indexOf('\n', line);
            const stop = nl < 0 || nl > cut ? cut : nl;
            if (buf.startsWith('data: ', line)) data.push(buf.slice(line + 6, stop));
            else if (buf.startsWith('event: ', line)) event = buf.slice(line + 7, stop);
            else if (buf.startsWith('id: ', line)) id = buf.slice(line + 4, stop);
            line = stop + 1;
          }
          if (onEvent({ event, id, data: data.length === 1 ? data[0]! : data.join('\n') }) === true) return finish();
        }
        buf = buf.slice(at);
      });
      res.on('end', () => finish());
      res.on('error', (err) => finish(err));
    });
    req.on('error', (err) => finish(err));
    if (signal?.aborted) finish();
    signal?.addEventListener('abort', () => finish(), { once: true });
  });
}

/**
 * Number of messages in a console `messages` event, decoded to `WireMessage`s as the browser
 * does (without its zod check), so a throughput figure includes the client's decoding.
 */
export function messageCount(e: SseEvent): number {
  return e.event === 'messages' ? decodeLiveBatch(e.data).length : 0;
}

/** RSS (KiB) and CPU seconds of a process group (the console server), from ps. */
export async function groupUsage(pgid: number): Promise<{ rssKiB: number; cpuSeconds: number }> {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync('ps', ['-o', 'rss=,times=', '-g', String(pgid)]).toString();
  let rssKiB = 0;
  let cpuSeconds = 0;
  for (const line of out.trim().split('\n')) {
    const [rss, times] = line.trim().split(/\s+/);
    rssKiB += Number(rss) || 0;
    cpuSeconds += Number(times) || 0;
  }
  return { rssKiB, cpuSeconds };
}
