import { test as base, expect, type BrowserContext } from '@playwright/test';
import { TEST_USERS, type TestCaller, type TestRole } from '../test/helpers/credentials';

/**
 * Every journey imports `test` and `expect` from here, so cross-cutting set-up lives in one
 * place. Each test's browser is signed in as an admin (a session cookie from the test server's
 * admin user); a file or describe block picks another role with `test.use({ role: 'viewer' })`,
 * or 'none' to start signed out. `signInAs(role)` switches within a test.
 */
export async function signIn(context: BrowserContext, role: TestRole): Promise<void> {
  const u = TEST_USERS[role];
  const res = await context.request.post('/api/auth/login', { data: { username: u.name, password: u.password } });
  if (!res.ok()) throw new Error(`signing in as ${role} failed: ${res.status()} ${await res.text()}`);
}

export const test = base.extend<{ role: TestCaller; signInAs: (role: TestCaller) => Promise<void> }>({
  role: ['admin', { option: true }],
  context: async ({ context, role }, provide) => {
    if (role !== 'none') await signIn(context, role);
    await provide(context);
  },
  signInAs: async ({ context }, provide) => {
    await provide(async (role) => {
      // Leave the console first: a page still polling would see the cleared session, send itself
      // to /login (as it should) and abort the test's next page.goto with ERR_ABORTED.
      await Promise.all(context.pages().map((p) => p.goto('about:blank')));
      await context.clearCookies();
      if (role !== 'none') await signIn(context, role);
    });
  },
});
export { expect };
export { TEST_USERS, type TestRole } from '../test/helpers/credentials';
