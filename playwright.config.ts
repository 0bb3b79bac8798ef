import { defineConfig, devices } from '@playwright/test';

// Browser journeys against the production build and the real local cluster. `npm test` starts
// the server and passes RIFFLE_TEST_URL; run alone, Playwright starts one on port 3100.
const external = process.env.RIFFLE_TEST_URL;
const baseURL = external ?? 'http://127.0.0.1:3100';

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's Chromium: browser downloads don't work here.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'journeys', use: { ...devices['Desktop Chrome'], viewport: { width: 1366, height: 900 } }, testIgnore: /(recovery|sso|partitions|security)\// },
    // ACLs on the secured cluster (KAFKA_SECURITY=sasl): starts its own console server connected to it.
    {
      name: 'security',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1366, height: 900 }, baseURL: `http://127.0.0.1:${process.env.SECURITY_CONSOLE_PORT ?? 3190}` },
      testMatch: /security\/.*\.spec\.ts/,
    },
    // Single sign-on against a real OpenID Provider: starts its own provider and console server.
    { name: 'sso', use: { ...devices['Desktop Chrome'], viewport: { width: 1366, height: 900 } }, testMatch: /sso\/.*\.spec\.ts/ },
    // Partition operations on a 3-node cluster and a console of their own (test/partitions/cluster.ts).
    { name: 'partitions', use: { ...devices['Desktop Chrome'], viewport: { width: 1366, height: 900 } }, testMatch: /partitions\/.*\.spec\.ts/ },
    // Stops and restarts the cluster: runs alone, after every other journey.
    { name: 'recovery', use: { ...devices['Desktop Chrome'], viewport: { width: 1366, height: 900 } }, testMatch: /recovery\/.*\.spec\.ts/, dependencies: ['journeys'] },
  ],
  webServer: external
    ? undefined
    : {
        command: 'node scripts/serve-test.mjs 3100',
        url: `${baseURL}/api/health`,
        reuseExistingServer: true,
        // Playwright's default is SIGKILL, which leaves serve-test.mjs's server (its own process
        // group) running as an orphan; SIGTERM lets serve-test stop it
        gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
        timeout: 180_000,
      },
});
