/**
 * A minimal SSE reader for benchmarks (Node fetch): calls onEvent per event with its name and
 * data; the console's `messages` events carry a JSON array of messages.
 */
export interface SseEvent {
  event: string;
  id: string | null;
  data: string;
}

export async function readEvents(
  url: string,
  headers: Record<string, string>,
  onEvent: (e: SseEvent) => boolean | void,
  signal?: AbortSignal,
): Promise<void> {
  const controller = new AbortController();
  signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`SSE ${url} answered ${res.status}: ${await res.text()}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buf += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        if (block.startsWith(':')) continue; // heartbeat comment
        let event = 'message';
        let id: string | null = null;
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('id: ')) id = line.slice(4);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        }
        if (onEvent({ event, id, data: data.join('\n') }) === true) {
          controller.abort();
          return;
        }
      }
    }
  } catch (err) {
    if ((err as Error).name !== 'AbortError') throw err;
  }
}

/** Number of messages in a console `messages` event. */
export function messageCount(e: SseEvent): number {
  return e.event === 'messages' ? (JSON.parse(e.data) as unknown[]).length : 0;
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
