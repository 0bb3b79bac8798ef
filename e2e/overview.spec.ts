import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { kcatBrokers } from './helpers/kcat';

test('the overview shows the brokers kcat reports, in KRaft mode', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/clusters\/local$/);
  const rows = page.getByTestId('broker-row');
  const brokers = kcatBrokers();
  await expect(rows).toHaveCount(brokers.length);
  for (const [i, b] of brokers.entries()) {
    await expect(rows.nth(i)).toContainText(String(b.id));
    await expect(rows.nth(i)).toContainText(b.name);
  }
  await expect(page.getByTestId('quorum-card')).toContainText('There is no ZooKeeper');
  await expect(page.getByTestId('quorum-voters')).toContainText('controller + broker');
});

test('the sidebar reaches every section and marks the current one', async ({ page }) => {
  await page.goto('/clusters/local');
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const label of ['Overview', 'Brokers', 'Topics', 'Consumer groups', 'Live tail', 'Weather', 'Pipeline']) {
    await expect(nav.getByRole('link', { name: label })).toBeVisible();
  }
  await expect(nav.getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
});

test('the cluster picker switches cluster and keeps the section', async ({ page }) => {
  await page.goto('/clusters/local');
  await page.getByRole('button', { name: 'Choose cluster' }).click();
  await page.getByRole('menuitem', { name: /local \(read-only\)/ }).click();
  await expect(page).toHaveURL(/\/clusters\/local-ro$/);
  await expect(page.getByTestId('current-cluster')).toHaveText('local (read-only)');
});

test('the theme toggle switches between light and dark', async ({ page }) => {
  await page.goto('/clusters/local');
  const html = page.locator('html');
  const before = (await html.getAttribute('class')) ?? '';
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
  await expect(html).not.toHaveClass(before);
  const after = (await html.getAttribute('class')) ?? '';
  expect(before.includes('dark')).not.toBe(after.includes('dark'));
});

test('unknown pages and clusters get the 404 page', async ({ page }) => {
  const res = await page.goto('/clusters/no-such-cluster');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
  const res2 = await page.goto('/definitely/not/here');
  expect(res2?.status()).toBe(404);
});

test('the overview has no serious accessibility violations', async ({ page }) => {
  await page.goto('/clusters/local');
  await expect(page.getByTestId('broker-row').first()).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('the app has its icons: no 404 for /favicon.ico, and the page links its icon', async ({ page, request }) => {
  const notFound: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 404) notFound.push(r.url());
  });
  await page.goto('/clusters/local');
  await expect(page.getByTestId('broker-row').first()).toBeVisible();
  const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect(icon).toMatch(/icon/);
  const linked = await request.get(icon!);
  expect(linked.status()).toBe(200);
  const ico = await request.get('/favicon.ico');
  expect(ico.status()).toBe(200);
  expect(ico.headers()['content-type']).toMatch(/image\//);
  expect(notFound).toEqual([]);
});
