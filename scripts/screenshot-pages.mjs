#!/usr/bin/env node
// Screenshots every console page (docs/ui-kit.md): signs in as the test admin, seeds a little
// demo data (a topic with keyed messages, an alert rule), then saves one PNG per page.
//   node scripts/screenshot-pages.mjs <base-url> <out-dir> [--theme=dark]
// Used to compare the console before and after a UI change; not part of `npm test`.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';

const [base, out] = process.argv.slice(2);
const theme = process.argv.find((a) => a.startsWith('--theme='))?.slice(8) ?? 'light';
if (!base || !out) {
  console.error('usage: node scripts/screenshot-pages.mjs <base-url> <out-dir> [--theme=dark]');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
const admin = { username: 'test-admin-user', password: 'riffle-test-admin-password' };
const c = '/clusters/local';
const demoTopic = 'uikit-demo';
const PAGES = [
  ['login', '/login', { signedOut: true }],
  ['overview', c],
  ['topics', `${c}/topics`],
  ['topic-overview', `${c}/topics/weather.raw`],
  ['topic-partitions', `${c}/topics/weather.raw?tab=partitions`],
  ['topic-messages', `${c}/topics/${demoTopic}?tab=messages`],
  ['topic-consumers', `${c}/topics/weather.raw?tab=consumers`],
  ['topic-acls', `${c}/topics/weather.raw?tab=acls`],
  ['topic-settings', `${c}/topics/weather.raw?tab=settings`],
  ['live', `${c}/live?topic=weather.raw`, { wait: 4000 }],
  ['groups', `${c}/groups`, { wait: 6000 }],
  ['group-detail', `${c}/groups/weather-db-writer`],
  ['brokers', `${c}/brokers`],
  ['broker-detail', `${c}/brokers/1`],
  ['connect', `${c}/connect`],
  ['connect-new', `${c}/connect/local/new`],
  ['connector', `${c}/connect/local/connectors/none`],
  ['pipeline', `${c}/pipeline`],
  ['weather', `${c}/weather`],
  ['reassignments', `${c}/reassignments`],
  ['security-acls', `${c}/security`],
  ['security-access', `${c}/security?tab=access`],
  ['security-users', `${c}/security?tab=users`],
  ['security-quotas', `${c}/security?tab=quotas`],
  ['access-tokens', `${c}/access`],
  ['alerts-rules', `${c}/alerts`],
  ['alerts-history', `${c}/alerts?tab=history`],
  ['audit', `${c}/audit`],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({ baseURL: base, viewport: { width: 1366, height: 900 }, colorScheme: theme === 'dark' ? 'dark' : 'light' });
const res = await context.request.post('/api/auth/login', { data: admin });
if (!res.ok()) throw new Error(`sign-in failed: ${res.status()}`);

// demo data: idempotent, so before and after runs see the same pages (a token, since the console
// refuses cookie-authenticated changes without a same-origin Origin header)
const seed = { headers: { authorization: 'Bearer rfl_test_admin_token_0123456789abcdef' } };
await context.request.post(`/api/clusters/local/topics`, { ...seed, data: { name: demoTopic, partitions: 3, replicationFactor: 1, configs: {} } });
const listed = await (await context.request.get(`/api/clusters/local/topics/${demoTopic}/messages?from=earliest&limit=1`)).json().catch(() => null);
if (!listed?.messages?.length) {
  for (let i = 0; i < 12; i++) {
    await context.request.post(`/api/clusters/local/topics/${demoTopic}/messages`, { ...seed, data: { key: `station-${i % 4}`, value: JSON.stringify({ station: `station-${i % 4}`, tempC: 10 + i, at: new Date(Date.UTC(2026, 11, 5, 10, i)).toISOString() }), headers: [{ key: 'source', value: 'uikit' }] } });
  }
}
const rules = await (await context.request.get('/api/clusters/local/alerts/rules')).json().catch(() => null);
if (rules && !rules.rules?.some((r) => r.name === 'weather writer behind')) {
  const r = await context.request.post('/api/clusters/local/alerts/rules', { ...seed, data: { name: 'weather writer behind', groups: 'weather-*', condition: { lagAbove: 100000 }, forSeconds: 60, channel: { type: 'webhook', url: 'http://127.0.0.1:9/hook' } } });
  if (!r.ok()) console.error(`alert rule not seeded: ${r.status()} ${await r.text()}`);
}

const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
for (const [name, url, opts = {}] of PAGES) {
  if (only && !only.includes(name)) continue;
  const ctx = opts.signedOut ? await browser.newContext({ baseURL: base, viewport: { width: 1366, height: 900 }, colorScheme: theme === 'dark' ? 'dark' : 'light' }) : context;
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForLoadState('networkidle', { timeout: 8000 }).catch(() => {});
  // loading states settle: wait until no "Loading" status is left (or give up after 10 s)
  await page.waitForFunction(() => ![...document.querySelectorAll('[role=status]')].some((e) => /Loading/.test(e.textContent ?? '')), null, { timeout: 10_000 }).catch(() => {});
  await page.waitForTimeout(opts.wait ?? 1200);
  const file = path.join(out, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`${name.padEnd(18)} ${url} -> ${file}${errors.length ? ` (console errors: ${errors.length})` : ''}`);
  await page.close();
  if (opts.signedOut) await ctx.close();
}
await browser.close();
