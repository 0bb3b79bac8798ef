import { expect, test } from './fixtures';

// GET /api/docs is a page for people: in Chromium its style sheet applies (its CSP allows it by
// hash) and the browser reports no policy violation.
test.use({ role: 'none' });

test('the API document page is styled, with no Content-Security-Policy violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto('/api/docs');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const op = page.locator('section.op').first();
  await expect(op).toBeVisible();
  // the sheet's rules, as Chromium applied them
  expect(await op.evaluate((el) => getComputedStyle(el).borderTopLeftRadius)).toBe('6px');
  expect(await page.locator('body').evaluate((el) => getComputedStyle(el).maxWidth)).toBe('1100px');
  expect(await page.locator('.m-get').first().evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(37, 99, 235)');
  await page.screenshot({ path: 'test-results/api-docs.png' });
  expect(violations).toEqual([]);
});
