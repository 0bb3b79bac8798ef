import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { epochNow } from './stamps';

/**
 * A real Chromium for the browser cases (Playwright's library API, Debian's Chromium: browser
 * downloads don't work here), signed in to the console with the bench's admin token the way
 * a person signs in by token.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function signedInContext(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 900 } });
  // tsx compiles the bench with esbuild's keepNames, which wraps named functions in a __name()
  // helper; page functions are sent as source, so the page needs that helper too.
  await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  const token = (process.env.BENCH_AUTH_HEADER ?? '').replace(/^Bearer\s+/i, '');
  const res = await context.request.post('/api/auth/login', { data: { token } });
  if (!res.ok()) throw new Error(`signing in by token failed: ${res.status()} ${await res.text()}`);
  return context;
}

/** Opens the live-tail page on a topic and waits until its stream is live. */
export async function openLiveTail(page: Page, topic: string): Promise<void> {
  await page.goto(`/clusters/local/live?topic=${encodeURIComponent(topic)}`);
  await page.getByTestId('live-status').getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
}

/**
 * Offset of the page's epoch clock from this process's (ms; positive when the page is ahead),
 * from a round trip: the latency figures rely on both being the same machine clock.
 */
export async function clockSkew(page: Page): Promise<number> {
  let best = { rtt: Infinity, skew: 0 };
  for (let i = 0; i < 5; i++) {
    const t0 = epochNow();
    const pageNow = await page.evaluate(() => performance.timeOrigin + performance.now());
    const t1 = epochNow();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, skew: pageNow - (t0 + t1) / 2 };
  }
  return best.skew;
}
