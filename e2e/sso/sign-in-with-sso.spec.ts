import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, request, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { TestAdmin } from '../../test/helpers/kafka-admin';
import { ACCOUNTS, CLIENT, forgeClaims, TestProvider, type AccountName } from './provider';

/**
 * Single sign-on end to end: a real OpenID Provider (oidc-provider) on loopback, and a console
 * server of its own configured for it (the shared test server has no `oidc:`). The provider is
 * down for the first test (discovery fails), then up for the rest; the last test stops it
 * between the provider's redirect and the console's token request.
 */
test.describe.configure({ mode: 'serial' });

const BOOTSTRAP = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const topic = `t7-e2e-sso-${Date.now().toString(36)}`;

interface Lib {
  ensureBuild(): number;
  freePort(): Promise<number>;
  startServer(o: { port: number; env: Record<string, string>; logFile: string }): Promise<ChildProcess>;
  stopProcess(child: ChildProcess | undefined): Promise<void>;
  testServerEnv(): Record<string, string>;
}

let lib: Lib;
let server: ChildProcess | undefined;
let provider: TestProvider | undefined;
let providerPort = 0;
let consoleUrl = '';
let callbackUrl = '';
let logFile = '';

function kafkaAdmin() {
  return new TestAdmin('t7-e2e-sso', BOOTSTRAP);
}

test.beforeAll(async () => {
  test.setTimeout(600_000); // may build the console first, when run alone
  // @ts-expect-error plain ESM script without types
  lib = (await import('../../scripts/lib.mjs')) as Lib;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'riffle-sso-'));
  logFile = path.join(tmp, 'console.log'); // the console server's log, kept for a failed run
  if (lib.ensureBuild() !== 0) throw new Error('next build failed');
  providerPort = await lib.freePort();
  const consolePort = await lib.freePort();
  consoleUrl = `http://127.0.0.1:${consolePort}`;
  callbackUrl = `${consoleUrl}/api/auth/oidc/callback`;
  const authFile = path.join(tmp, 'auth.yaml');
  fs.writeFileSync(
    authFile,
    `# the console under test signs in only through the test provider
oidc:
  issuer: http://127.0.0.1:${providerPort}
  clientId: ${CLIENT.id}
  clientSecretEnv: RIFFLE_E2E_OIDC_SECRET
  scopes: openid profile email groups
  groupsClaim: groups
  roles: { admin: [kafka-admins], operator: [kafka-operators], viewer: [engineering] }
  defaultRole: none
`,
  );
  server = await lib.startServer({
    port: consolePort,
    logFile,
    env: { ...lib.testServerEnv(), RIFFLE_AUTH_FILE: authFile, RIFFLE_E2E_OIDC_SECRET: CLIENT.secret, RIFFLE_PUBLIC_URL: consoleUrl },
  });
  const admin = kafkaAdmin();
  await admin.createTopics([{ topic, numPartitions: 1, replicationFactor: 1 }]);
  await admin.close();
});

test.afterAll(async () => {
  await provider?.close();
  await lib?.stopProcess(server);
  const admin = kafkaAdmin();
  await admin.deleteTopics([topic]).catch(() => {});
  await admin.close();
});

// ── API helpers: each flow in its own cookie jar, redirects followed by hand ──

async function newJar(): Promise<APIRequestContext> {
  return request.newContext();
}

/** GET /api/auth/oidc/login: the provider's authorization URL (the flow cookie is in the jar). */
async function startFlow(jar: APIRequestContext): Promise<URL> {
  const res = await jar.get(`${consoleUrl}/api/auth/oidc/login`, { maxRedirects: 0, headers: { accept: 'application/json' } });
  expect(res.status(), await res.text()).toBe(302);
  return new URL(res.headers().location!);
}

/** Signs in at the provider (or cancels there) and returns where it sends the browser back to: the console's callback. */
async function atProvider(jar: APIRequestContext, authUrl: URL, who: AccountName | 'cancel'): Promise<URL> {
  let url = authUrl.href;
  let done = false;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(callbackUrl)) return new URL(url);
    const interaction = /^\/interaction\/([^/?]+)$/.exec(new URL(url).pathname);
    let res: APIResponse;
    if (interaction && !done) {
      const form = await jar.get(url);
      expect(await form.text()).toContain('Test identity provider');
      const base = `${new URL(url).origin}/interaction/${interaction[1]}`;
      res =
        who === 'cancel'
          ? await jar.get(`${base}/abort`, { maxRedirects: 0 })
          : await jar.post(`${base}/login`, { form: { login: who, password: ACCOUNTS[who].password }, maxRedirects: 0 });
      done = true;
    } else {
      res = await jar.get(url, { maxRedirects: 0 });
    }
    expect([302, 303], `${url} answered ${res.status()}: ${await res.text()}`).toContain(res.status());
    url = new URL(res.headers().location!, url).href;
  }
  throw new Error(`the provider never sent the browser back to ${callbackUrl}`);
}

async function callback(jar: APIRequestContext, url: URL): Promise<APIResponse> {
  return jar.get(url.href, { maxRedirects: 0, headers: { accept: 'application/json' } });
}

function setsSession(res: APIResponse): boolean {
  return res.headersArray().some((h) => h.name.toLowerCase() === 'set-cookie' && /riffle_session=[^;]/.test(h.value));
}

async function me(jar: APIRequestContext): Promise<{ name: string; role: string } | null> {
  const res = await jar.get(`${consoleUrl}/api/auth/me`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { principal: { name: string; role: string } | null }).principal;
}

/** A refused callback: 4xx JSON with the code and a message, and no session in the jar. */
async function expectRefused(jar: APIRequestContext, res: APIResponse, status: number, code: string, message: RegExp) {
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(res.status(), JSON.stringify(body)).toBe(status);
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(message);
  expect(setsSession(res)).toBe(false);
  expect(await me(jar)).toBeNull();
}

// ── provider down ──

test('while the identity provider is down, SSO says so on the login page and the API answers 503, not 500', async ({ page }) => {
  const jar = await newJar();
  const res = await jar.get(`${consoleUrl}/api/auth/oidc/login`, { maxRedirects: 0, headers: { accept: 'application/json' } });
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(res.status()).toBe(503);
  expect(body.error.code).toBe('OIDC_UNAVAILABLE');
  expect(body.error.message).toContain(`http://127.0.0.1:${providerPort}`);
  expect(body.error.message).toMatch(/cannot be reached.*ECONNREFUSED/);
  await jar.dispose();

  await page.goto(`${consoleUrl}/login`);
  await page.getByRole('link', { name: 'Sign in with SSO' }).click();
  await expect(page).toHaveURL(`${consoleUrl}/login?sso_error=OIDC_UNAVAILABLE`);
  await expect(page.getByTestId('sso-error')).toContainText('The identity provider cannot be reached right now');
  // The other ways in are still offered, and the page with the message passes an accessibility check.
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test.describe('with the identity provider up', () => {
  test.beforeAll(async () => {
    provider = await TestProvider.start(providerPort, callbackUrl);
  });

  test('an admin signs in with SSO, comes back where the login page was to return to, with the admin role, and signs out', async ({ page }) => {
    const topicPage = `/clusters/local/topics/${topic}?tab=settings`;
    await page.goto(`${consoleUrl}${topicPage}`);
    await expect(page).toHaveURL(/\/login\?next=/);
    const next = new URL(page.url()).searchParams.get('next')!;
    expect(next).toMatch(/^\/clusters\/local/);
    await page.getByRole('link', { name: 'Sign in with SSO' }).click();

    await expect(page.getByRole('heading', { name: 'Test identity provider' })).toBeVisible();
    expect(page.url().startsWith(provider!.issuer)).toBe(true);
    await page.getByLabel('User name').fill('ada');
    await page.getByLabel('Password').fill(ACCOUNTS.ada.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The SSO round trip keeps ?next= (in the signed flow cookie).
    await expect(page).toHaveURL(`${consoleUrl}${next}`);
    await expect(page.getByTestId('user-name')).toHaveText('ada');
    await page.goto(`${consoleUrl}${topicPage}`);
    await expect(page.getByTestId('user-role')).toHaveText('admin');
    await expect(page.getByRole('form', { name: 'Delete topic' })).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    const after = await page.request.get(`${consoleUrl}/api/auth/me`);
    expect(((await after.json()) as { principal: unknown }).principal).toBeNull();
    await page.goto(`${consoleUrl}${topicPage}`);
    await expect(page).toHaveURL(/\/login\?next=/);
  });

  test('a viewer signs in with SSO and sees no delete control; the API refuses the delete', async ({ page }) => {
    await page.goto(`${consoleUrl}/login`);
    await page.getByRole('link', { name: 'Sign in with SSO' }).click();
    await page.getByLabel('User name').fill('vera');
    await page.getByLabel('Password').fill(ACCOUNTS.vera.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('user-role')).toHaveText('viewer');
    await expect(page.getByTestId('user-name')).toHaveText('vera');

    await page.goto(`${consoleUrl}/clusters/local/topics/${topic}?tab=settings`);
    await expect(page.getByTestId('read-only-note')).toContainText('needs the admin role');
    await expect(page.getByRole('form', { name: 'Delete topic' })).toHaveCount(0);
    const status = await page.evaluate(async (t) => (await fetch(`/api/clusters/local/topics/${t}`, { method: 'DELETE' })).status, topic);
    expect(status).toBe(403);
  });

  test('cancelling at the provider brings the user back to the login page with a message and no session', async ({ page }) => {
    await page.goto(`${consoleUrl}/login`);
    await page.getByRole('link', { name: 'Sign in with SSO' }).click();
    await page.getByRole('link', { name: 'Cancel' }).click();
    await expect(page).toHaveURL(`${consoleUrl}/login?sso_error=OIDC_DENIED`);
    await expect(page.getByTestId('sso-error')).toContainText('did not sign you in');
    const res = await page.request.get(`${consoleUrl}/api/auth/me`);
    expect(((await res.json()) as { principal: unknown }).principal).toBeNull();
  });

  test('the authorization request carries PKCE (S256), state and nonce; roles come from the groups, from the ID token or UserInfo', async () => {
    const expected: Record<AccountName, string | null> = { ada: 'admin', otto: 'operator', vera: 'viewer', nina: null };
    for (const [who, role] of Object.entries(expected) as [AccountName, string | null][]) {
      const jar = await newJar();
      const authUrl = await startFlow(jar);
      const q = authUrl.searchParams;
      expect(q.get('client_id')).toBe(CLIENT.id);
      expect(q.get('redirect_uri')).toBe(callbackUrl);
      expect(q.get('code_challenge_method')).toBe('S256');
      expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      expect(q.get('state')).toMatch(/^[\w-]{20,}$/);
      expect(q.get('nonce')).toMatch(/^[\w-]{20,}$/);
      expect(q.get('scope')).toBe('openid profile email groups');
      const res = await callback(jar, await atProvider(jar, authUrl, who));
      if (role) {
        expect(res.status(), await res.text()).toBe(302);
        expect(res.headers().location).toBe('/');
        expect(setsSession(res)).toBe(true);
        expect(await me(jar)).toMatchObject({ name: who, role });
      } else {
        // nina's only group (marketing) is given no role, and defaultRole is none.
        await expectRefused(jar, res, 403, 'OIDC_NO_ROLE', /signed in as nina, but none of your groups/);
      }
      await jar.dispose();
    }
  });

  test('a callback with a wrong state opens no session (and the right one still works)', async () => {
    const jar = await newJar();
    const back = await atProvider(jar, await startFlow(jar), 'ada');
    const forged = new URL(back);
    forged.searchParams.set('state', 'x'.repeat(43));
    await expectRefused(jar, await callback(jar, forged), 401, 'OIDC_REJECTED', /state/);
    // The refusal was about the state alone: the genuine answer signs in.
    const ok = await callback(jar, back);
    expect(ok.status(), await ok.text()).toBe(302);
    expect(await me(jar)).toMatchObject({ name: 'ada', role: 'admin' });
    await jar.dispose();
  });

  test('a callback without a code, or without the flow cookie, opens no session', async () => {
    const jar = await newJar();
    const back = await atProvider(jar, await startFlow(jar), 'ada');
    const noCode = new URL(back);
    noCode.searchParams.delete('code');
    await expectRefused(jar, await callback(jar, noCode), 401, 'OIDC_REJECTED', /code/);

    // Another browser (no flow cookie) cannot finish this flow.
    const other = await newJar();
    await expectRefused(other, await callback(other, back), 401, 'OIDC_FLOW_EXPIRED', /expired or was started in another browser/);
    // Nor can a made-up flow cookie.
    const forgedCookie = await request.newContext({ extraHTTPHeaders: { cookie: 'riffle_oidc_flow=eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl' } });
    await expectRefused(forgedCookie, await callback(forgedCookie, back), 401, 'OIDC_FLOW_EXPIRED', /tampered/);
    await Promise.all([jar.dispose(), other.dispose(), forgedCookie.dispose()]);
  });

  test('an ID token issued for another nonce opens no session', async () => {
    const jar = await newJar();
    const authUrl = await startFlow(jar);
    // An attacker's authorization request (their own nonce) answered into the victim's flow.
    authUrl.searchParams.set('nonce', 'n'.repeat(43));
    await expectRefused(jar, await callback(jar, await atProvider(jar, authUrl, 'ada')), 401, 'OIDC_REJECTED', /nonce/);
    await jar.dispose();
  });

  test('a tampered ID token (viewer rewritten to admin) opens no session', async () => {
    const jar = await newJar();
    const back = await atProvider(jar, await startFlow(jar), 'vera');
    provider!.tamperIdToken = (jwt) => forgeClaims(jwt, (c) => ({ ...c, preferred_username: 'vera', groups: ['kafka-admins'] }));
    try {
      await expectRefused(jar, await callback(jar, back), 401, 'OIDC_REJECTED', /signature verification failed/);
    } finally {
      provider!.tamperIdToken = null;
    }
    await jar.dispose();
  });

  test('a code whose PKCE challenge does not match, or a code used twice, opens no session', async () => {
    const jar = await newJar();
    const authUrl = await startFlow(jar);
    authUrl.searchParams.set('code_challenge', 'c'.repeat(43));
    await expectRefused(jar, await callback(jar, await atProvider(jar, authUrl, 'ada')), 401, 'OIDC_REJECTED', /invalid_grant/);
    await jar.dispose();

    // Replay: the same callback (code, state and flow cookie) a second time.
    const first = await newJar();
    const back = await atProvider(first, await startFlow(first), 'ada');
    const flowCookie = (await first.storageState()).cookies.find((c) => c.name === 'riffle_oidc_flow')!.value;
    expect((await callback(first, back)).status()).toBe(302);
    const replay = await request.newContext({ extraHTTPHeaders: { cookie: `riffle_oidc_flow=${flowCookie}` } });
    await expectRefused(replay, await callback(replay, back), 401, 'OIDC_REJECTED', /invalid_grant/);
    await Promise.all([first.dispose(), replay.dispose()]);
  });

  test('the provider going down after the redirect: the callback answers 503 OIDC_UNAVAILABLE and opens no session', async () => {
    const jar = await newJar();
    const back = await atProvider(jar, await startFlow(jar), 'ada');
    await provider!.close();
    await expectRefused(jar, await callback(jar, back), 503, 'OIDC_UNAVAILABLE', /cannot be reached to finish signing you in/);
    await jar.dispose();
  });
});
