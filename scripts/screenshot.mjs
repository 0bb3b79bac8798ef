#!/usr/bin/env node
// Screenshots console pages in Debian's Chromium, to look at what a user sees.
//   node scripts/screenshot.mjs <url-path> <out.png> [--dark] [--width=1366] [--height=900] [--full] [--signed-out]
// Signs in first with RIFFLE_TOKEN (any API token, e.g. rfl_test_admin_token_0123456789abcdef on a
// test server), else the first-start admin token in .data/admin-token, unless --signed-out.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { root } from './lib.mjs';

const [pathArg = '/', out = 'screenshot.png', ...flags] = process.argv.slice(2);
const flag = (name, fallback) => {
  const hit = flags.find((f) => f.startsWith(`--${name}`));
  if (!hit) return fallback;
  const [, value] = hit.split('=');
  return value ?? true;
};
const base = process.env.RIFFLE_URL ?? 'http://127.0.0.1:3000';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({
  viewport: { width: Number(flag('width', 1366)), height: Number(flag('height', 900)) },
  colorScheme: flag('dark', false) ? 'dark' : 'light',
});
if (!flag('signed-out', false)) {
  const tokenFile = path.join(root, '.data', 'admin-token');
  const token = process.env.RIFFLE_TOKEN ?? (fs.existsSync(tokenFile) ? fs.readFileSync(tokenFile, 'utf8').trim() : undefined);
  if (token) {
    const res = await context.request.post(new URL('/api/auth/login', base).toString(), { data: { token } });
    if (!res.ok() && res.status() !== 409) console.warn(`screenshot: signing in failed (${res.status()}); the page may show the sign-in form`);
  }
}
const page = await context.newPage();
await page.goto(new URL(pathArg, base).toString(), { waitUntil: 'networkidle' });
await page.waitForTimeout(Number(flag('wait', 800)));
await page.screenshot({ path: out, fullPage: Boolean(flag('full', false)) });
await browser.close();
console.log(`saved ${out}`);
