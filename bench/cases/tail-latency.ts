import { decodeLiveBatch } from '@/lib/contracts/live-batch';
import type { BenchCase } from '../harness';
import { clockSkew, launchChromium, openLiveTail, signedInContext } from '../lib/browser';
import { Consumer, MessagesStreamModes, type MessagesStream } from '@platformatic/kafka';
import { TestAdmin } from '../../test/helpers/kafka-admin';
import { benchProducer, producePaced } from '../lib/paced-producer';
import { readEvents } from '../lib/sse';
import { epochNow, latencies, parseStamp, STAMP_SOURCE } from '../lib/stamps';
import { summarize } from '../stats';

const RATE = Number(process.env.BENCH_LATENCY_RATE ?? 1_000);
const SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 15);
const WARMUP_SECONDS = 3;

declare global {
  interface Window {
    __benchRows?: [number, number][];
    __benchBare?: [number, number][];
  }
}

/**
 * Produce-to-browser latency in a real Chromium showing the live-tail page (the real UI: its
 * EventSource, zod parse, per-frame batching, React commit of the virtualized list). A
 * MutationObserver in the page notes when each row enters the DOM and reads the produce stamp
 * from the row's text. Baselines on the same messages at the same time: a bare EventSource in
 * the same page on the same live endpoint (the console server and browser without the UI), a
 * Node SSE client on that endpoint (the server without a browser), and a raw @platformatic/kafka
 * consumer in this process (the client library's own produce-to-consume time).
 */
const benchCase: BenchCase = {
  name: 'tail-latency',
  description: `Produce-to-browser latency at ${RATE} msg/s for ${SECONDS} s in the live-tail page (Chromium)`,
  target: 'p99 < 100 ms',
  async run(ctx) {
    const admin = new TestAdmin('riffle-bench', ctx.brokers);
    const topic = `${ctx.tmpPrefix}-lat`;
    const groupId = `${ctx.tmpPrefix}-raw`;
    await admin.createTopics([{ topic, numPartitions: 3 }]);
    const producer = benchProducer(ctx.brokers);
    const consumer = new Consumer({ clientId: 'riffle-bench', bootstrapBrokers: ctx.brokers.split(','), groupId, maxWaitTime: 500, autocommit: false });
    let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | null = null;
    const browser = await launchChromium();
    const notes: string[] = [];
    try {
      const context = await signedInContext(browser, ctx.baseUrl);
      const page = await context.newPage();
      // Rows of the real list, noted as React commits them (a message seen again later is ignored).
      await page.addInitScript((source: string) => {
        const pattern = new RegExp(source);
        const rows: [number, number][] = (window.__benchRows = []);
        const note = (el: Element) => {
          const m = pattern.exec(el.textContent ?? '');
          if (m) rows.push([Number(m[1]), performance.timeOrigin + performance.now() - Number(m[2])]);
        };
        // A row is new when it is added, or when its slot is refilled with another message
        // (the list reuses rows by position): both are mutations inside the row.
        new MutationObserver((records) => {
          const rowsTouched = new Set<Element>();
          for (const r of records) {
            const el = r.target instanceof Element ? r.target : r.target.parentElement;
            const row = el?.closest('[data-testid="live-row"]');
            if (row) rowsTouched.add(row);
            for (const node of r.addedNodes) if (node instanceof Element) node.querySelectorAll('[data-testid="live-row"]').forEach((x) => rowsTouched.add(x));
          }
          rowsTouched.forEach(note);
        }).observe(document, { childList: true, subtree: true, characterData: true });
      }, STAMP_SOURCE);
      await openLiveTail(page, topic);
      const skew = await clockSkew(page);

      // The bare EventSource: same page, same endpoint, no UI between the bytes and the clock.
      await page.evaluate(
        ({ url, source }) =>
          new Promise<void>((resolve, reject) => {
            const pattern = new RegExp(source);
            const got: [number, number][] = (window.__benchBare = []);
            const es = new EventSource(url);
            es.addEventListener('ready', () => resolve());
            es.addEventListener('messages', (e) => {
              const now = performance.timeOrigin + performance.now();
              // the live wire form (lib/contracts/live-batch.ts): a value is [5], a string when ASCII text
              for (const r of (JSON.parse((e as MessageEvent<string>).data) as { messages: unknown[][] }).messages) {
                const v = r[5] as string | { text?: string } | null;
                const s = pattern.exec(typeof v === 'string' ? v : (v?.text ?? ''));
                if (s) got.push([Number(s[1]), now - Number(s[2])]);
              }
            });
            es.onerror = () => reject(new Error('bare EventSource failed'));
          }),
        { url: `/api/clusters/local/live?topic=${encodeURIComponent(topic)}`, source: STAMP_SOURCE },
      );

      // A Node SSE client on the same endpoint: the console server's share, without a browser.
      const node: [number, number][] = [];
      const stopNode = new AbortController();
      let nodeReady!: () => void;
      const nodeOpen = new Promise<void>((r) => (nodeReady = r));
      const nodeReader = readEvents(
        `${ctx.baseUrl}/api/clusters/local/live?topic=${encodeURIComponent(topic)}`,
        { authorization: process.env.BENCH_AUTH_HEADER ?? '' },
        (e) => {
          if (e.event === 'ready') nodeReady();
          if (e.event !== 'messages') return;
          const now = epochNow();
          for (const m of decodeLiveBatch(e.data)) {
            const st = parseStamp(m.value?.text);
            if (st) node.push([st.n, now - st.ts]);
          }
        },
        stopNode.signal,
      ).catch((err: Error) => notes.push(`node SSE client: ${err.message}`));
      await nodeOpen;

      // The raw client's consumer: a group from the end of the log, ready once it has joined.
      const raw: [number, number][] = [];
      stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.LATEST, autocommit: false });
      stream.on('data', (m) => {
        const s = parseStamp(m.value?.toString());
        if (s) raw.push([s.n, epochNow() - s.ts]);
      });
      await new Promise((r) => setTimeout(r, 1_000)); // the fetch loop starts after the join

      ctx.log(`producing ${RATE} msg/s for ${WARMUP_SECONDS} + ${SECONDS} s`);
      const produced = await producePaced(producer, topic, RATE, WARMUP_SECONDS + SECONDS);
      const skip = RATE * WARMUP_SECONDS;
      const settle = Date.now() + 5_000;
      const counts = async () => page.evaluate(() => ({ rows: new Set(window.__benchRows!.map((r) => r[0])).size, bare: window.__benchBare!.length }));
      while (Date.now() < settle) {
        const c = await counts();
        if (c.bare >= produced && raw.length >= produced && node.length >= produced) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      stopNode.abort();
      await nodeReader;
      const { rows, bare } = await page.evaluate(() => ({ rows: window.__benchRows!, bare: window.__benchBare! }));
      const ui = latencies(rows, skip);
      const es = latencies(bare, skip);
      const kjs = latencies(raw, skip);
      const sse = latencies(node, skip);
      notes.push(
        `produced ${produced} (${WARMUP_SECONDS} s warm-up left out); rows seen entering the page's list: ${ui.seen}, bare EventSource: ${es.seen}, Node SSE client: ${sse.seen}, raw @platformatic/kafka: ${kjs.seen}`,
        `page clock − bench clock: ${skew.toFixed(2)} ms (same machine; not corrected)`,
      );
      if (ui.seen < produced)
        notes.push('the list is virtualized and follows the newest: a message that a later one pushes out of the window before a frame commits it is never in the DOM, so fewer rows than messages are seen, and the ones seen lean to the last of each frame (lower latency)');
      const p99 = summarize(ui.samples).p99;
      return {
        metrics: [
          { name: 'live-tail page: produce → row in the DOM', unit: 'ms', samples: ui.samples, better: 'lower' },
          { name: 'bare EventSource in the same page: produce → event', unit: 'ms', samples: es.samples, better: 'lower' },
          { name: 'Node SSE client on the same endpoint: produce → event', unit: 'ms', samples: sse.samples, better: 'lower' },
          { name: 'raw @platformatic/kafka consumer: produce → record', unit: 'ms', samples: kjs.samples, better: 'lower' },
        ],
        comparisons: [
          { name: 'p99 page vs bare EventSource', subject: 'live-tail page', baseline: 'bare EventSource', ratio: p99 / summarize(es.samples).p99, target: 'p99 < 100 ms', met: p99 < 100 },
          { name: 'p50 Node SSE client vs raw @platformatic/kafka (the server\'s share)', subject: 'node SSE client', baseline: 'platformatic-kafka consumer', ratio: summarize(sse.samples).median / summarize(kjs.samples).median },
          { name: 'p50 page vs raw @platformatic/kafka', subject: 'live-tail page', baseline: 'platformatic-kafka consumer', ratio: summarize(ui.samples).median / summarize(kjs.samples).median },
        ],
        notes,
      };
    } finally {
      await browser.close().catch(() => {});
      await stream?.close().catch(() => {});
      await consumer.close(true).catch(() => {});
      await admin.deleteGroups([groupId]).catch(() => {});
      await producer.close().catch(() => {});
      await admin.deleteTopics([topic]).catch(() => {});
      await admin.close();
    }
  },
};
export default benchCase;
