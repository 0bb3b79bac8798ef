import { execFileSync } from 'node:child_process';
import { TestAdmin } from '../test/helpers/kafka-admin';
import { expect, test } from './fixtures';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const topic = `e2e-browse-pick-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const admin = new TestAdmin('e2e-browse-pick', BROKERS);

test.beforeAll(async () => {
  await admin.createTopics([{ topic, numPartitions: 1 }]);
  const lines = Array.from({ length: 30 }, (_, i) => `k${i}:{"n":${i}}`).join('\n');
  execFileSync('kcat', ['-b', BROKERS, '-P', '-t', topic, '-K', ':'], { input: `${lines}\n`, timeout: 60_000 });
});

test.afterAll(async () => {
  await admin.deleteTopics([topic]).catch(() => {});
  await admin.close();
});

// The browse rows are memoized (a page of 500 re-rendered on every topic refetch cost a 76 ms
// task): expanding and picking must still reach them, and survive the topic's 10 s refetch.
test('browse a page, expand a message and pick messages for replay', async ({ page }) => {
  await page.goto(`/clusters/local/topics/${topic}?tab=messages&partition=0&from=earliest&sort=offset&limit=100`);
  await expect(page.getByTestId('message-row')).toHaveCount(30);
  await page.getByTestId('message-row').nth(2).click();
  await expect(page.getByRole('button', { name: 'Collapse offset 2', exact: true })).toBeVisible();
  await expect(page.getByText('{"n":2}').first()).toBeVisible();

  await page.getByLabel('Select partition 0 offset 3 for replay', { exact: true }).check();
  await page.getByLabel('Select partition 0 offset 5 for replay', { exact: true }).check();
  await expect(page.getByRole('button', { name: 'Replay selected (2)' })).toBeEnabled();
  await page.getByLabel('Select partition 0 offset 3 for replay', { exact: true }).uncheck();
  await expect(page.getByRole('button', { name: 'Replay selected (1)' })).toBeEnabled();

  // the topic page refetches its topic every 10 s: the rows keep what was picked and opened
  await page.waitForResponse((r) => r.url().endsWith(`/api/clusters/local/topics/${topic}`) && r.request().method() === 'GET', { timeout: 20_000 });
  await expect(page.getByLabel('Select partition 0 offset 5 for replay', { exact: true })).toBeChecked();
  await expect(page.getByLabel('Select partition 0 offset 3 for replay', { exact: true })).not.toBeChecked();
  await expect(page.getByRole('button', { name: 'Collapse offset 2', exact: true })).toBeVisible();

  await page.getByTestId('message-row').nth(2).click();
  await expect(page.getByRole('button', { name: 'Expand offset 2', exact: true })).toBeVisible();
});
