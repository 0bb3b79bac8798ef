import { execFileSync } from 'node:child_process';
import { expect, test } from '../fixtures';

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
  await expect(banner).toContainText('127.0.0.1:9092');
  await expect(banner).toContainText(/ECONNREFUSED|Connection|unreachable|no answer/i);

  kafka('up');
  await expect(banner).toHaveCount(0, { timeout: 60_000 });
  // The page recovered without a reload: the brokers table is back.
  await expect(page.getByTestId('broker-row').first()).toBeVisible();
});
