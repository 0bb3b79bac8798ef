import { execFileSync } from 'node:child_process';
import { decodeMuxId } from '../../lib/contracts/streams';
import { TestAdmin } from '../../test/helpers/kafka-admin';
import { expect, test } from '../fixtures';

/**
 * The console server restarts under an open live tail: the page (no reload) shows that it is
 * reconnecting, EventSource reconnects with Last-Event-ID once the server is back, and the
 * list ends up with exactly the records produced — those written while the server was down
 * included — each once, at the offsets kcat wrote them to.
 *
 * This file starts a console server of its own (it has to stop and start it), on a free port,
 * with the test fixtures and the default cluster.
 */
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const topic = `e2e-restart-${Date.now().toString(36)}`;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let lib: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let server: any;
let port = 0;
let base = '';
let admin: TestAdmin;

// tall enough that the virtualized list renders every row of this test at once
test.use({ viewport: { width: 1366, height: 2600 } });

function produce(from: number, to: number) {
  const lines = Array.from({ length: to - from }, (_, i) => `m-${from + i}`).join('\n');
  execFileSync('kcat', ['-b', BROKERS, '-P', '-t', topic, '-p', '0'], { input: `${lines}\n`, timeout: 30_000 });
}

async function start() {
  server = await lib.startServer({ port, env: lib.testServerEnv(), logFile: '/tmp/riffle-e2e-restart.log' });
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // @ts-expect-error plain ESM script without types
  lib = await import('../../scripts/lib.mjs');
  admin = new TestAdmin('riffle-e2e-restart', BROKERS);
  await admin.createTopics([{ topic, numPartitions: 1 }]);
  port = await lib.freePort();
  base = `http://127.0.0.1:${port}`;
  await start();
});

test.afterAll(async () => {
  await lib?.stopProcess(server);
  await admin?.deleteTopics([topic]).catch(() => {});
  await admin?.close();
});

test('a live tail survives a server restart: it reconnects and resumes from its last event id, no gap, no duplicate', async ({ page }) => {
  test.setTimeout(240_000);
  // signed in by the fixture: cookies belong to the host, not the port, and every test server
  // shares the session key, so the session holds for this server (and across its restart)
  const resumes: string[] = [];
  page.on('request', (req) => {
    // the browser's one live connection: the multiplexed stream (its id joins every sub-stream's)
    if (!req.url().includes('/streams?')) return;
    // allHeaders: the ones the network stack adds too (EventSource's Last-Event-ID among them)
    void req.allHeaders().then((h) => {
      const ids = h['last-event-id'] ? decodeMuxId(h['last-event-id']) : null;
      if (ids) resumes.push(...ids.values());
    });
  });
  await page.goto(`${base}/clusters/local/live?topic=${topic}&order=oldest`);
  await expect(page.getByTestId('live-status')).toContainText('Live');
  await page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));
  produce(0, 15);
  await expect(page.getByTestId('live-count')).toContainText('15 of at most');

  await lib.stopProcess(server);
  await expect(page.getByTestId('live-status')).toContainText('Reconnecting');
  produce(15, 30); // written while the console is down
  await start();
  await expect(page.getByTestId('live-status')).toContainText('Live', { timeout: 60_000 });
  await expect(page.getByTestId('live-count')).toContainText('30 of at most', { timeout: 30_000 });
  produce(30, 40);
  await expect(page.getByTestId('live-count')).toContainText('40 of at most');

  // the same page, not a reload, and the reconnection named where it had got to
  expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
  expect(resumes.length).toBeGreaterThan(0);
  expect(resumes[0]).toContain(`${topic}@0:15`); // the token after the 15 records seen before the restart
  const rows = await page.getByTestId('live-row').allInnerTexts();
  const seen = rows.map((text) => {
    const m = /\b0:(\d+)\b[\s\S]*\bm-(\d+)\b/.exec(text);
    return m ? { offset: Number(m[1]), value: Number(m[2]) } : null;
  });
  expect(seen.every(Boolean)).toBe(true);
  const offsets = seen.map((s) => s!.offset);
  expect(offsets).toEqual(Array.from({ length: 40 }, (_, i) => i));
  expect(seen.every((s) => s!.value === s!.offset)).toBe(true);
});
