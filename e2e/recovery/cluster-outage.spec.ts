import { execFileSync } from 'node:child_process';
import { TestAdmin } from '../../test/helpers/kafka-admin';
import { expect, test } from '../fixtures';

// KAFKA_PORT_OFFSET (inherited by scripts/kafka.mjs) and KAFKA_BROKERS move these tests to a cluster beside the default one.
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const kafka = (cmd: string) => execFileSync('node', ['scripts/kafka.mjs', cmd], { stdio: 'pipe', timeout: 120_000 });

test.afterAll(() => {
  kafka('up');
});

test('the unreachable-cluster banner appears with the address and reason, then clears by itself', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/clusters/local');
  await expect(page.getByTestId('broker-row').first()).toBeVisible();
  await expect(page.getByTestId('cluster-unreachable-banner')).toHaveCount(0);

  kafka('down');
  const banner = page.getByTestId('cluster-unreachable-banner');
  await expect(banner).toBeVisible({ timeout: 30_000 });
  await expect(banner).toContainText(BROKERS.split(',')[0]!);
  await expect(banner).toContainText(/ECONNREFUSED|Connection|unreachable|no answer/i);

  kafka('up');
  await expect(banner).toHaveCount(0, { timeout: 60_000 });
  // The page recovered without a reload: the brokers table is back.
  await expect(page.getByTestId('broker-row').first()).toBeVisible();
});

test.describe('a live tail while the whole cluster stops and starts', () => {
  const topic = `e2e-outage-tail-${Date.now().toString(36)}`;
  let admin: TestAdmin;

  // tall enough that the virtualized list renders every row of this test at once
  test.use({ viewport: { width: 1366, height: 2000 } });

  /** kcat (an independent client) writes n-<from> … n-<to - 1>, spread over both partitions by key. */
  function produce(from: number, to: number) {
    const lines = Array.from({ length: to - from }, (_, i) => `k${from + i}:n-${from + i}`).join('\n');
    execFileSync('kcat', ['-b', BROKERS, '-P', '-t', topic, '-K', ':'], { input: `${lines}\n`, timeout: 30_000 });
  }

  test.beforeAll(async () => {
    admin = new TestAdmin('riffle-e2e-outage-tail', BROKERS);
    await admin.createTopics([{ topic, numPartitions: 2 }]);
  });

  test.afterAll(async () => {
    kafka('up');
    await admin?.deleteTopics([topic]).catch(() => {});
    await admin?.close();
  });

  test('the page says Kafka is unreachable (and not Live) while it is, then every record arrives once, without a reload', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto(`/clusters/local/live?topic=${topic}&order=oldest`);
    const status = page.getByTestId('live-status');
    await expect(status).toContainText('Live');
    await page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));
    produce(0, 15);
    await expect(page.getByTestId('live-count')).toContainText('15 of at most');

    kafka('down');
    try {
      // the stream stays open and the server says why nothing comes: one state, not "Live" beside it
      await expect(page.getByTestId('live-upstream')).toBeVisible({ timeout: 60_000 });
      await expect(status).toContainText('Kafka unreachable, retrying');
      await expect(status).not.toContainText('Live');
      await expect(status).not.toContainText('Reconnecting');
    } finally {
      kafka('up');
    }

    produce(15, 30);
    await expect(page.getByTestId('live-upstream')).toHaveCount(0, { timeout: 60_000 });
    await expect(status).toContainText('Live');
    await expect(page.getByTestId('live-count')).toContainText('30 of at most', { timeout: 60_000 });

    expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
    // the rows as the page shows them: "partition:offset" and the value columns
    const shown = (await page.getByTestId('live-row').evaluateAll((rows) => rows.map((r) => `${r.children[2]?.textContent}:${r.children[4]?.textContent}`))).sort();
    // 30 rows, each number once (the count above is the buffer's; these are what the page shows)
    const values = shown.map((row) => Number(/\bn-(\d+)$/.exec(row)?.[1] ?? NaN));
    expect(values.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // and each where kcat reads it back: the same partition, offset and value
    const log = execFileSync('kcat', ['-b', BROKERS, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%p:%o:%s\n'], { timeout: 30_000 })
      .toString()
      .trim()
      .split('\n')
      .sort();
    expect(shown).toEqual(log);
  });
});
