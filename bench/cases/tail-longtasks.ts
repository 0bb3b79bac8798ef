import os from 'node:os';
import type { Browser, Page } from '@playwright/test';
import type { BenchCase, Metric } from '../harness';
import { launchChromium, openLiveTail, signedInContext } from '../lib/browser';
import { TestAdmin } from '../../test/helpers/kafka-admin';
import { benchProducer, producePaced } from '../lib/paced-producer';
import { frameIntervals, leadingCount, tasksBetween, type LongTask } from '../lib/stamps';
import { mainThreadTasks, parseTrace } from '../lib/trace';

const RATE = Number(process.env.BENCH_LONGTASK_RATE ?? 5_000);
const SECONDS = Number(process.env.BENCH_LONGTASK_SECONDS ?? 20);
const IDLE_SECONDS = Number(process.env.BENCH_LONGTASK_IDLE_SECONDS ?? 10);

declare global {
  interface Window {
    __benchTasks?: LongTask[];
    __benchFrames?: number[];
  }
}

/**
 * What the page saw between two marks of its own clock, and Chromium's trace of the same span
 * (the main thread's tasks with their CPU time, which the machine's load does not inflate).
 */
async function phase(browser: Browser, page: Page, seconds: number, during: () => Promise<unknown>) {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const from = await page.evaluate(() => performance.now());
  await Promise.all([during(), new Promise((r) => setTimeout(r, seconds * 1000))]);
  const to = await page.evaluate(() => performance.now());
  const trace = mainThreadTasks(parseTrace((await browser.stopTracing()).toString()));
  const { tasks, frames } = await page.evaluate(() => ({ tasks: window.__benchTasks!, frames: window.__benchFrames! }));
  const span = (to - from) / 1000;
  return {
    tasks: tasksBetween(tasks, from, to),
    frames: frameIntervals(frames.filter((f) => f >= from && f < to)),
    seconds: span,
    /** main-thread CPU, ms per second */
    cpu: trace.reduce((sum, t) => sum + t.cpu, 0) / span,
    cpuLong: trace.filter((t) => t.cpu > 50).map((t) => t.cpu),
    wallLong: trace.filter((t) => t.wall > 50).length,
    maxCpu: Math.max(0, ...trace.map((t) => t.cpu)),
  };
}

/**
 * The live-tail page under a fast topic: Chromium's long tasks (PerformanceObserver 'longtask',
 * main-thread tasks over 50 ms) and frame intervals while 5,000 msg/s arrive for 20 s, against
 * the same page open on the same topic with no traffic, in the same run.
 */
const benchCase: BenchCase = {
  name: 'tail-longtasks',
  description: `Main-thread long tasks of the live-tail page at ${RATE} msg/s for ${SECONDS} s (Chromium), against the same page idle`,
  target: 'no long task over 50 ms',
  async run(ctx) {
    const admin = new TestAdmin('riffle-bench', ctx.brokers);
    const topic = `${ctx.tmpPrefix}-lt`;
    await admin.createTopics([{ topic, numPartitions: 3 }]);
    const producer = benchProducer(ctx.brokers);
    const browser = await launchChromium();
    try {
      const context = await signedInContext(browser, ctx.baseUrl);
      const page = await context.newPage();
      await page.addInitScript(() => {
        const tasks: LongTask[] = (window.__benchTasks = []);
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) tasks.push({ startTime: e.startTime, duration: e.duration });
        }).observe({ type: 'longtask', buffered: true });
        const frames: number[] = (window.__benchFrames = []);
        const tick = (t: number) => {
          frames.push(t);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      await openLiveTail(page, topic);
      await new Promise((r) => setTimeout(r, 1_000)); // let the first render settle

      ctx.log(`idle for ${IDLE_SECONDS} s`);
      const idle = await phase(browser, page, IDLE_SECONDS, async () => {});
      ctx.log(`producing ${RATE} msg/s for ${SECONDS} s`);
      let produced = 0;
      let rateShown: string | null = null;
      const busy = await phase(browser, page, SECONDS, async () => {
        const midway = new Promise((r) => setTimeout(r, (SECONDS * 1000) / 2)).then(async () => (rateShown = await page.getByTestId('live-rate').textContent()));
        produced = await producePaced(producer, topic, RATE, SECONDS);
        await midway;
      });
      const kept = leadingCount(await page.getByTestId('live-count').textContent());
      const droppedEl = page.getByTestId('live-dropped');
      const dropped = (await droppedEl.count()) ? leadingCount(await droppedEl.textContent()) : 0;

      const durations = (t: LongTask[]) => t.map((x) => x.duration);
      const worst = Math.max(0, ...durations(busy.tasks));
      const metrics: Metric[] = [
        { name: `long tasks at ${RATE} msg/s: duration`, unit: 'ms', samples: durations(busy.tasks), better: 'lower' },
        { name: 'long tasks idle: duration', unit: 'ms', samples: durations(idle.tasks), better: 'lower' },
        { name: `frame interval at ${RATE} msg/s`, unit: 'ms', samples: busy.frames, better: 'lower' },
        { name: 'frame interval idle', unit: 'ms', samples: idle.frames, better: 'lower' },
        { name: `main-thread tasks over 50 ms of CPU at ${RATE} msg/s (trace)`, unit: 'ms', samples: busy.cpuLong, better: 'lower' },
      ];
      return {
        metrics,
        comparisons: [
          {
            name: 'main-thread CPU, loaded vs idle (trace)',
            subject: `${RATE} msg/s: ${busy.cpu.toFixed(0)} ms/s`,
            baseline: `idle: ${idle.cpu.toFixed(0)} ms/s`,
            ratio: busy.cpu / Math.max(idle.cpu, 1),
            target: 'no task over 50 ms of CPU',
            met: busy.cpuLong.length === 0,
          },
          {
            name: 'long tasks per second, loaded vs idle',
            subject: `${RATE} msg/s`,
            baseline: 'idle',
            ratio: busy.tasks.length / busy.seconds / Math.max(idle.tasks.length / idle.seconds, 1 / idle.seconds),
            target: 'no long task over 50 ms',
            met: busy.tasks.length === 0,
          },
        ],
        notes: [
          `loaded: ${busy.tasks.length} long tasks in ${busy.seconds.toFixed(1)} s, longest ${worst.toFixed(0)} ms, ${busy.frames.length} frames; idle: ${idle.tasks.length} long tasks in ${idle.seconds.toFixed(1)} s, ${idle.frames.length} frames`,
          `produced ${produced}; the page's rate meter showed "${(rateShown as string | null)?.trim()}" midway, kept ${kept} in its buffer, ${dropped} dropped by the server for this browser`,
          `trace: the main thread used ${busy.cpu.toFixed(0)} ms of CPU per second loaded, ${idle.cpu.toFixed(0)} ms idle; ${busy.wallLong} tasks over 50 ms of wall time but ${busy.cpuLong.length} over 50 ms of CPU (the longest took ${busy.maxCpu.toFixed(0)} ms of CPU): the difference is time the page waited for a core (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`,
          'long tasks (PerformanceObserver) are wall time; the long-task ratio divides loaded by idle long tasks per second, the idle rate floored at one per phase',
        ],
      };
    } finally {
      await browser.close().catch(() => {});
      await producer.close().catch(() => {});
      await admin.deleteTopics([topic]).catch(() => {});
      await admin.close();
    }
  },
};
export default benchCase;
