import { execFileSync } from 'node:child_process';
import { TestAdmin } from '../test/helpers/kafka-admin';
import { expect, test } from './fixtures';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const topic = `t4-e2e-${Date.now().toString(36)}`;
let admin: TestAdmin;

/** kcat (an independent client) produces, as any application would. */
function kcatProduce(args: string[], input: string | Buffer) {
  execFileSync('kcat', ['-b', BROKERS, '-P', '-t', topic, ...args], { input, timeout: 30_000 });
}

test.beforeAll(async () => {
  admin = new TestAdmin('riffle-e2e-setup', BROKERS);
  await admin.createTopics([{ topic, numPartitions: 2 }]);
});

test.afterAll(async () => {
  await admin.deleteTopics([topic]).catch(() => {});
  await admin.close();
});

async function openTail(page: import('@playwright/test').Page, query = '') {
  await page.goto(`/clusters/local/live?topic=${topic}${query}`);
  await expect(page.getByTestId('live-status')).toContainText('Live');
}

test('a user produces a JSON message through the form and sees it arrive in the live tail', async ({ page }) => {
  await openTail(page);
  await page.getByRole('button', { name: 'Produce', exact: true }).click();
  const form = page.getByRole('form', { name: 'Produce a message' });
  await form.getByLabel('Key (empty for none)').fill('room-lab');
  const value = form.getByLabel('Value', { exact: true });
  await value.fill('{"temperature": 31.5,');
  await expect(form.getByRole('alert')).toContainText('Not valid JSON');
  await expect(form.getByRole('button', { name: 'Send' })).toBeDisabled();
  await value.fill('{"temperature": 31.5, "room": "lab"}');
  await form.getByRole('button', { name: 'Add header' }).click();
  await form.getByLabel('Header 1 name').fill('source');
  await form.getByLabel('Header 1 value').fill('e2e');
  await form.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText(/Sent to partition \d+ at offset 0/)).toBeVisible();

  const row = page.getByTestId('live-row').filter({ hasText: 'room-lab' });
  await expect(row).toHaveCount(1);
  await row.click();
  const detail = page.getByTestId('message-detail');
  await expect(detail.getByTestId('value-json')).toContainText('"temperature"');
  await expect(detail.getByTestId('value-json')).toContainText('31.5');
  await expect(detail).toContainText('source');
  await expect(page.getByTestId('live-count')).toContainText('1 of at most 10,000');
});

test('script and image payloads render as inert text; invalid UTF-8 shows as bytes', async ({ page }) => {
  const hits: string[] = [];
  await page.exposeFunction('__xssHit', (n: string) => hits.push(n));
  await openTail(page);
  const key = '<img src=x onerror="window.__xssHit(\'key\')">';
  const value = '<script>window.__xssHit("script")</script><img src=x onerror="window.__xssHit(\'value\')">';
  kcatProduce(['-p', '0', '-k', key, '-H', 'evil=<b onmouseover=alert(1)>x</b>', '-D', '\u0001'], `${value}\u0001`);
  kcatProduce(['-p', '1', '-k', 'bin', '-D', '\u0001'], Buffer.concat([Buffer.from([0xc3, 0x28, 0xff, 0x00, 0x41]), Buffer.from('\u0001')]));

  const evil = page.getByTestId('live-row').filter({ hasText: '<script>' });
  await expect(evil).toHaveCount(1);
  // Both records in before clicking: rows are slots that shift as records arrive, so a click
  // racing the second arrival lands on whichever record fills the slot then.
  await expect(page.getByTestId('live-row').filter({ hasText: 'bin' })).toHaveCount(1);
  await expect(evil).toContainText('<img src=x onerror=');
  await evil.click();
  const detail = page.getByTestId('message-detail');
  // detected as XML (it looks like markup): shown indented, as text
  await expect(detail.getByTestId('message-value')).toContainText('<script>window.__xssHit("script")</script>');
  await expect(detail.getByTestId('message-value')).toContainText(`<img src=x onerror="window.__xssHit('value')">`);
  // the user overrides the detected format
  await detail.getByLabel('Show as').selectOption('text');
  await expect(detail.getByTestId('message-value').getByTestId('value-text')).toHaveText(value);
  await expect(detail.getByTestId('message-key').getByTestId('value-text')).toHaveText(key);
  await expect(detail).toContainText('<b onmouseover=alert(1)>x</b>');
  // nothing was turned into markup: no injected element exists, no handler ran
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('b[onmouseover]')).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(hits).toEqual([]);

  const bin = page.getByTestId('live-row').filter({ hasText: 'bin' });
  await bin.click();
  await expect(page.getByTestId('value-hex')).toHaveText('c3 28 ff 00 41');
});

test('pause and resume lose nothing; filters and topics live in the URL', async ({ page }) => {
  await openTail(page, '&valueContains=keep');
  await expect(page.getByLabel('Value contains')).toHaveValue('keep');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('live-status')).toContainText('Paused');
  kcatProduce(['-p', '0', '-K', ':'], 'a:keep-1\nb:drop-1\nc:keep-2\n');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('live-row').filter({ hasText: 'keep-' })).toHaveCount(2);
  await expect(page.getByTestId('live-row').filter({ hasText: 'drop-1' })).toHaveCount(0);

  await page.getByLabel('Value contains').fill('');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/valueContains/);
  await expect(page).toHaveURL(new RegExp(`topic=${topic}`));
});
