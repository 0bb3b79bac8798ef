import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { makeLaggingGroup } from './helpers/groups';

const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const topic = `t5-e2e-${suffix}`;
const group = `t5-e2e-group-${suffix}`;
let cleanup: (() => Promise<void>) | undefined;

test.beforeAll(async () => {
  cleanup = await makeLaggingGroup(topic, group, 60, 15);
});
test.afterAll(async () => {
  await cleanup?.();
});

test('a user opens a lagging group, sees its lag chart, resets it to latest, and sees the lag drop', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/clusters/local/groups');
  await page.getByRole('searchbox', { name: 'Search groups or topics' }).fill(group);
  await expect(page).toHaveURL(new RegExp(`q=${group}`));
  const row = page.locator(`[data-testid="group-row"][data-group="${group}"]`);
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('group-lag')).toContainText('45');
  await row.getByRole('link', { name: group }).click();

  await expect(page.getByRole('heading', { name: group })).toBeVisible();
  await expect(page.getByTestId('total-lag')).toHaveText('45');
  await expect(page.locator('[data-testid="partition-row"] [data-testid="committed"]')).toHaveText('15');

  // The sampler records lag on its interval; the chart appears with the first sample.
  await expect(page.getByTestId('lag-chart').locator('.recharts-area').first()).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: '15 min' }).click();
  await expect(page).toHaveURL(/range=15m/);
  await expect(page.getByTestId('lag-chart')).toBeVisible();

  await page.getByRole('button', { name: 'Reset offsets…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: 'Latest' }).check();
  await expect(dialog.getByRole('button', { name: 'Apply these offsets' })).toBeDisabled(); // preview first
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const preview = dialog.getByTestId('reset-preview-row');
  await expect(preview).toHaveCount(1);
  await expect(preview).toContainText('15'); // current
  await expect(preview.locator('td').nth(2)).toHaveText('60'); // new offset
  await expect(preview.locator('td').nth(4)).toHaveText('0'); // lag after
  await dialog.getByRole('button', { name: 'Apply these offsets' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('total-lag')).toHaveText('0');
  await expect(page.locator('[data-testid="partition-row"] [data-testid="committed"]')).toHaveText('60');
});

test('the groups pages have no serious accessibility violations', async ({ page }) => {
  for (const path of ['/clusters/local/groups', `/clusters/local/groups/${group}`]) {
    await page.goto(path);
    await expect(page.getByRole('heading').first()).toBeVisible();
    await page.waitForLoadState('networkidle').catch(() => {});
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${path} ${v.id}: ${v.help}`)).toEqual([]);
  }
});

test('an unknown group says so', async ({ page }) => {
  await page.goto(`/clusters/local/groups/t5-no-such-group-${suffix}`);
  await expect(page.getByText('No such consumer group')).toBeVisible();
});
