import AxeBuilder from '@axe-core/playwright';
import { expect, test, TEST_USERS } from './fixtures';

test.describe('signed out', () => {
  test.use({ role: 'none' });

  test('the console sends you to sign in, and a viewer sees no admin controls and gets 403 from the API anyway', async ({ page }) => {
    await page.goto('/clusters/local/access');
    await expect(page).toHaveURL(/\/login\?next=%2Fclusters%2Flocal/);
    await expect(page.getByRole('heading', { name: 'Sign in to Riffle' })).toBeVisible();

    await page.getByLabel('Password').fill('wrong password');
    await page.getByLabel('User name').fill(TEST_USERS.viewer.name);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('#login-error')).toHaveText('wrong user name or password');

    await page.getByLabel('Password').fill(TEST_USERS.viewer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/clusters\/local$/);
    await expect(page.getByTestId('user-name')).toHaveText(TEST_USERS.viewer.name);
    await expect(page.getByTestId('user-role')).toHaveText('viewer');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Access' }).click();
    await expect(page.getByTestId('access-role')).toContainText('viewer');
    await expect(page.getByText('Only admins manage API tokens')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Create token' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Revoke/ })).toHaveCount(0);

    // The server is the authority: the same calls made from this page with the viewer's cookie are refused.
    const statuses = await page.evaluate(async () => {
      const post = await fetch('/api/auth/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 't7-e2e-viewer', role: 'admin' }) });
      const del = await fetch('/api/auth/tokens/1', { method: 'DELETE' });
      const audit = await fetch('/api/clusters/local/audit');
      return [post.status, del.status, audit.status];
    });
    expect(statuses).toEqual([403, 403, 403]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/clusters/local');
    await expect(page).toHaveURL(/\/login\?next=/);
  });

  test('a sign-in link with a token (as the first start prints) signs in and drops the token from the address', async ({ page }) => {
    await page.goto(`/login?token=${TEST_USERS.operator.token}`);
    await expect(page).toHaveURL(/\/clusters\/local$/);
    await expect(page.getByTestId('user-role')).toHaveText('operator');
    const history = await page.evaluate(() => window.location.href);
    expect(history).not.toContain(TEST_USERS.operator.token);
  });

  test('the sign-in page passes an automated accessibility check', async ({ page }) => {
    await page.goto('/login');
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});

test('an admin makes and revokes an API token, and the audit page shows both', async ({ page }) => {
  const name = `t7-e2e-${Date.now().toString(36)}`;
  await page.goto('/clusters/local/access');
  await expect(page.getByTestId('user-role')).toHaveText('admin');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Role').selectOption('operator');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByTestId('new-token')).toHaveText(/^rfl_/);
  const row = page.getByTestId('token-row').filter({ hasText: name });
  await expect(row).toContainText('operator');
  await row.getByRole('button', { name: `Revoke token ${name}` }).click();
  await page.getByRole('dialog', { name: `Revoke token ${name}` }).getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await page.getByLabel('Scope').selectOption('all');
  await page.getByLabel('Search').fill(name);
  await expect(page).toHaveURL(new RegExp(`q=${name}`));
  const rows = page.getByTestId('audit-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('auth.token-revoke');
  await expect(rows.nth(1)).toContainText('auth.token-create');
  await expect(rows.nth(0)).toContainText(TEST_USERS.admin.name);
  await expect(rows.nth(0)).toContainText('done · 200');
  // the URL restores the view
  await page.reload();
  await expect(page.getByTestId('audit-row')).toHaveCount(2);
  const results = await new AxeBuilder({ page }).include('main').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
