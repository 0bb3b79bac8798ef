import { spawn } from 'node:child_process';
import { expect, test, TEST_USERS } from './fixtures';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';

/** Produces `count` messages of ~200 bytes with kcat (an independent client), in the background. */
function produce(topic: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', ['-b', BROKERS, '-P', '-t', topic]);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`kcat exited ${code}`))));
    child.stdin.end(Array.from({ length: count }, (_, i) => `throughput-${i}-${'y'.repeat(180)}`).join('\n') + '\n');
  });
}

/** The sum of a chart's newest values ("now"), from the figure's data-latest. */
async function latest(page: import('@playwright/test').Page, panel: string, kind: string): Promise<number> {
  const v = await page.getByTestId(panel).getByTestId(`metrics-chart-${kind}`).getAttribute('data-latest');
  return v ? Number(v) : 0;
}

// The overview's per-broker charts and the topic page's per-topic charts, drawn from the brokers'
// JMX exporters (scraped every 2 s by the test server), while kcat produces and after it stops.
test('the per-broker and per-topic throughput charts move while messages are produced', async ({ page, request }) => {
  test.setTimeout(120_000);
  const topic = `e2e-throughput-${Date.now()}`;
  // set-up as a script does it (a bearer token; the browser's session cookie is for the page)
  const headers = { authorization: `Bearer ${TEST_USERS.admin.token}` };
  expect((await request.post('/api/clusters/local/topics', { data: { name: topic, partitions: 1, replicationFactor: 1 }, headers })).status()).toBe(201);
  try {
    await page.goto('/clusters/local');
    const brokers = page.getByTestId('broker-metrics');
    // the page's first load and its first metrics answer: slower than one expect on a busy 2-core machine
    await expect(brokers.getByText(/From the brokers' JMX exporters, scraped every \d+ s/)).toBeVisible({ timeout: 45_000 });
    await expect(brokers.getByTestId('metrics-chart-bytesIn').locator('.recharts-line')).not.toHaveCount(0);
    await expect(brokers.getByTestId('metrics-chart-bytesIn')).toContainText('broker 1');
    // the line Recharts drew before the load, to see the drawing (not only the numbers) move
    const curve = brokers.getByTestId('metrics-chart-bytesIn').locator('.recharts-line-curve').first();
    const drawnBefore = await curve.getAttribute('d');

    // load: a batch every second until the charts show it
    let producing = true;
    const load = (async () => {
      while (producing) {
        await produce(topic, 2_000);
        await page.waitForTimeout(500);
      }
    })();
    try {
      await expect.poll(() => latest(page, 'broker-metrics', 'bytesIn'), { timeout: 45_000, message: 'broker 1 bytes in rises' }).toBeGreaterThan(10_000);
      await expect.poll(() => latest(page, 'broker-metrics', 'messagesIn'), { timeout: 15_000 }).toBeGreaterThan(100);
      expect(await curve.getAttribute('d')).not.toBe(drawnBefore);
      // the topic's own page: its throughput chart names it and moves too
      await page.goto(`/clusters/local/topics/${topic}?range=15m`);
      const perTopic = page.getByTestId('topic-metrics');
      await expect(perTopic.getByTestId('metrics-chart-messagesIn')).toContainText(topic);
      await expect.poll(() => latest(page, 'topic-metrics', 'messagesIn'), { timeout: 45_000, message: `${topic} messages in rises` }).toBeGreaterThan(100);
      await expect(perTopic.getByTestId('metrics-chart-bytesIn')).toContainText(/now [\d.]+ (B|KiB|MiB)\/s/);
    } finally {
      producing = false;
      await load;
    }
    // and it falls back when the load stops
    await expect.poll(() => latest(page, 'topic-metrics', 'messagesIn'), { timeout: 60_000, message: `${topic} messages in falls to 0` }).toBe(0);
  } finally {
    await request.delete(`/api/clusters/local/topics/${topic}`, { headers });
  }
});
