import { execFileSync } from 'node:child_process';
import { TestAdmin } from '../test/helpers/kafka-admin';
import { expect, test } from './fixtures';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const topic = `t4-e2e-start-${Date.now().toString(36)}`;
const OLD = Date.UTC(2020, 0, 1);
const NEW = Date.UTC(2024, 0, 1);
let admin: TestAdmin;

test.beforeAll(async () => {
  admin = new TestAdmin('riffle-e2e-setup', BROKERS);
  await admin.createTopics([{ topic, numPartitions: 2 }]);
  // partition 0: 30 records (20 from 2020, 10 from 2024); partition 1: 5 from 2020
  await admin.produce(topic, [
    ...Array.from({ length: 30 }, (_, i) => ({ partition: 0, key: `p0-${i}`, value: `v${i}`, timestamp: i < 20 ? OLD + i : NEW + i })),
    ...Array.from({ length: 5 }, (_, i) => ({ partition: 1, key: `p1-${i}`, value: `w${i}`, timestamp: OLD + i })),
  ]);
});

test.afterAll(async () => {
  await admin.deleteTopics([topic]).catch(() => {});
  await admin.close();
});

/** "partition:offset" of each record kcat (an independent client) reads with these options. */
function kcatPositions(args: string[]): string[] {
  const out = execFileSync('kcat', ['-b', BROKERS, '-C', '-t', topic, '-e', '-q', '-f', '%p:%o\\n', ...args], { timeout: 30_000 }).toString();
  return out.split('\n').filter(Boolean).sort();
}

async function shownPositions(page: import('@playwright/test').Page): Promise<string[]> {
  const cells = await page.getByTestId('live-row').locator(':scope > span:nth-child(3)').allTextContents();
  return cells.map((c) => c.trim()).sort();
}

test('a user starts a live tail from the last N, the beginning or a time, and the link keeps it', async ({ page }) => {
  await page.goto(`/clusters/local/live?topic=${topic}&from=tail:10&order=oldest`);
  await expect(page.getByTestId('live-status')).toContainText('Live');
  // the last 10 of each partition, as kcat reads them with a relative start
  // kcat may not see a topic this new at once: ask until it does (bounded by expect's timeout)
  await expect.poll(() => kcatPositions(['-o', '-10'])).toHaveLength(15);
  const last10 = kcatPositions(['-o', '-10']);
  await expect(page.getByTestId('live-row')).toHaveCount(15);
  expect(await shownPositions(page)).toEqual(last10);
  await expect(page.getByRole('combobox', { name: 'Start', exact: true })).toHaveValue('tail:10');

  // from the beginning: every record, and the URL says so (a shared link opens the same view)
  await page.getByRole('combobox', { name: 'Start', exact: true }).selectOption('earliest');
  await expect(page).toHaveURL(/from=earliest/);
  await expect(page.getByTestId('live-row')).toHaveCount(35);
  expect(await shownPositions(page)).toEqual(kcatPositions(['-o', 'beginning']));

  // from a time: only the records stamped at or after it (the 10 from 2024)
  await page.getByRole('combobox', { name: 'Start', exact: true }).selectOption('timestamp');
  const time = page.getByLabel('Start time (local)');
  await time.fill(new Date(Date.UTC(2023, 5, 1) - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 19));
  await time.press('Enter'); // applied on Enter or blur, not on every edit
  await expect(page).toHaveURL(new RegExp(`from=timestamp%3A${Date.UTC(2023, 5, 1)}`));
  await expect(page.getByTestId('live-row')).toHaveCount(10);
  expect(await shownPositions(page)).toEqual(kcatPositions(['-o', `s@${Date.UTC(2023, 5, 1)}`]));

  // new messages only: the list starts empty and says what it waits for
  await page.getByRole('combobox', { name: 'Start', exact: true }).selectOption('latest');
  await expect(page).not.toHaveURL(/from=/);
  await expect(page.getByText('Messages written from now on appear here.')).toBeVisible();
  // "latest" is the log end when the stream opens (its `ready`): produce only after that
  await expect(page.getByText('Waiting for messages…')).toBeVisible();
  execFileSync('kcat', ['-b', BROKERS, '-P', '-t', topic, '-p', '1', '-k', 'fresh'], { input: 'now', timeout: 30_000 });
  await expect(page.getByTestId('live-row')).toHaveCount(1);
  await expect(page.getByTestId('live-row')).toContainText('fresh');
});

test('a link with a start the console does not know tails new messages and says why', async ({ page }) => {
  await page.goto(`/clusters/local/live?topic=${topic}&from=yesterday`);
  await expect(page.getByTestId('live-status')).toContainText('Live');
  await expect(page.getByTestId('live-start-rejected')).toContainText('“yesterday”');
  await expect(page.getByRole('combobox', { name: 'Start', exact: true })).toHaveValue('latest');
  await expect(page.getByText('Messages written from now on appear here.')).toBeVisible();
});
