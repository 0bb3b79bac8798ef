import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, TEST_USERS } from '../helpers/api';

/**
 * Issue 24: a sign-in link carrying ?token= must not sign anyone in by itself when it is
 * opened from another site (login CSRF: a crafted link would put the victim in the attacker's
 * session). In a real browser: Chromium sends Sec-Fetch-Site, which the page cannot fake.
 * The link printed at first start, opened from the terminal or typed, keeps signing in at once.
 */
let browser: Browser;
let attacker: http.Server;
let attackerOrigin = '';

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  // "Another site": localhost is a different site from 127.0.0.1.
  attacker = http.createServer((req, res) => {
    const target = `${baseUrl()}/login?token=${encodeURIComponent(TEST_USERS.operator.token)}`;
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><a id="go" href="${target}">win a prize</a>`);
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
  attackerOrigin = `http://localhost:${(attacker.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => attacker?.close(r));
});

const sessionCookie = async (ctx: Awaited<ReturnType<Browser['newContext']>>) => (await ctx.cookies(baseUrl())).find((c) => c.name.endsWith('riffle_session'));

describe('sign-in links', () => {
  it('opened from another site, a token link asks for a click before signing in', async () => {
    const ctx = await browser.newContext();
    try {
      const page = await ctx.newPage();
      await page.goto(attackerOrigin);
      await page.click('#go');
      await page.waitForURL(/\/login/);
      await page.waitForTimeout(2_500);
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(await sessionCookie(ctx)).toBeUndefined();
      expect(page.url()).not.toContain(TEST_USERS.operator.token);
      // The form says where the token came from and waits for the user.
      const button = page.getByRole('button', { name: /sign in with the token from the link/i });
      await expect.poll(() => button.isVisible()).toBe(true);
      await page.screenshot({ path: '/tmp/t24-login-link.png' });
      await button.click();
      await page.waitForURL((u) => u.pathname !== '/login');
      expect(await sessionCookie(ctx)).toBeDefined();
    } finally {
      await ctx.close();
    }
  });

  it('opened directly (typed, or from the terminal), it still signs in at once', async () => {
    const ctx = await browser.newContext();
    try {
      const page = await ctx.newPage();
      await page.goto(`${baseUrl()}/login?token=${encodeURIComponent(TEST_USERS.operator.token)}`);
      await page.waitForURL((u) => u.pathname !== '/login', { timeout: 15_000 });
      expect(await sessionCookie(ctx)).toBeDefined();
    } finally {
      await ctx.close();
    }
  });
});
