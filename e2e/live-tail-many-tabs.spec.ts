import type { Page } from '@playwright/test';
import { streamSlotsResponse } from '../lib/contracts/auth';
import { createTestTopics, testAdmin } from '../test/helpers/kafka-admin';
import { expect, test, TEST_USERS } from './fixtures';

const topic = `t4-tabs-${Date.now().toString(36)}`;
const TABS = 8;
const value = (i: number) => `tab-msg-${String(i).padStart(3, '0')}`;

test.beforeAll(async () => {
  const admin = await testAdmin();
  await createTestTopics(admin, [{ topic, numPartitions: 1 }]);
  await admin.close();
});

test.afterAll(async () => {
  const admin = await testAdmin();
  await admin.deleteTopics([topic]).catch(() => {});
  await admin.close();
});

/** Messages 1..to are each in the tab's live tail exactly once, and nothing else is. */
async function expectExactly(tab: Page, to: number) {
  await expect(tab.getByTestId('live-count')).toContainText(`${to} of at most`);
  for (let i = 1; i <= to; i++) await expect(tab.getByTestId('live-row').filter({ hasText: value(i) })).toHaveCount(1);
}

test('eight tabs of the live tail share one connection, and keep receiving when the tab holding it closes', async ({ context, page, request }) => {
  test.setTimeout(360_000);
  // every EventSource any tab of this browser opens
  const streams: string[] = [];
  context.on('request', (r) => {
    if (r.resourceType() === 'eventsource') streams.push(r.url());
  });
  const openStreams = async () => streamSlotsResponse.parse(await (await context.request.get('/api/auth/streams')).json()).open;
  const produce = async (from: number, to: number) => {
    for (let i = from; i <= to; i++) {
      // as a script would: with an API token, not the browser's session
      const res = await request.post(`/api/clusters/local/topics/${topic}/messages`, {
        data: { key: `k${i}`, value: value(i), partition: 0 },
        headers: { authorization: `Bearer ${TEST_USERS.admin.token}` },
      });
      expect(res.status()).toBe(201);
    }
  };

  // other pages of the console stay open alongside
  await page.goto('/clusters/local');
  const topicsPage = await context.newPage();
  await topicsPage.goto('/clusters/local/topics');

  const tabs: Page[] = [];
  for (let i = 0; i < TABS; i++) {
    const tab = await context.newPage();
    await tab.goto(`/clusters/local/live?topic=${topic}`);
    // generous: eight pages hydrating on a busy machine; what is asserted is that each gets there
    await expect(tab.getByTestId('live-status')).toContainText('Live', { timeout: 60_000 });
    tabs.push(tab);
  }
  const roles = () => Promise.all(tabs.map((t) => t.getByTestId('live-status').getAttribute('data-stream-role')));
  await expect.poll(async () => (await roles()).sort()).toEqual([...Array<string>(TABS - 1).fill('follower'), 'leader']);
  // one connection for the whole browser, as the browser and the server both see it
  expect(streams).toHaveLength(1);
  await expect.poll(openStreams).toBe(1);

  await produce(1, 10);
  for (const tab of tabs) await expectExactly(tab, 10);

  // the tab holding the connection goes away while messages arrive; another takes over and
  // resumes after the last event the tabs got (whether the old leader relayed 11..15 or not)
  const leader = tabs[(await roles()).indexOf('leader')]!;
  await produce(11, 15);
  await leader.close();
  const rest = tabs.filter((t) => t !== leader);
  tabs.splice(0, tabs.length, ...rest);
  await expect.poll(async () => (await roles()).filter((r) => r === 'leader').length).toBe(1);
  await expect.poll(() => streams.length).toBe(2);
  // the multiplexed connection names each sub-stream with the last event id the tabs saw
  const subs = JSON.parse(new URL(streams[1]!).searchParams.get('s')!) as { resume?: string }[];
  expect(subs).toHaveLength(1);
  expect(subs[0]!.resume).toBeTruthy();
  for (const tab of tabs) await expect(tab.getByTestId('live-status')).toContainText('Live');

  await produce(16, 20);
  for (const tab of tabs) await expectExactly(tab, 20);
  expect(streams).toHaveLength(2);
  await expect.poll(openStreams).toBe(1);
});
