import type { Page } from '@playwright/test';
import { streamSlotsResponse } from '../lib/contracts/auth';
import { createTestTopics, testAdmin } from '../test/helpers/kafka-admin';
import { deleteWeatherRows, insertWeatherReading } from './helpers/weather-db';
import { expect, test, TEST_USERS } from './fixtures';

const RUN = `t4-mixed-${Date.now().toString(36)}`;
const topics = [`${RUN}-a`, `${RUN}-b`, `${RUN}-c`];
const station = `${RUN}-station`;

test.beforeAll(async () => {
  const admin = await testAdmin();
  await createTestTopics(
    admin,
    topics.map((topic) => ({ topic, numPartitions: 1 })),
  );
  await admin.close();
});

test.afterAll(async () => {
  const admin = await testAdmin();
  await admin.deleteTopics(topics).catch(() => {});
  await admin.close();
  await deleteWeatherRows(RUN);
});

test('tabs tailing different topics and the weather page share one connection, and each gets its own events', async ({ context, request }) => {
  test.setTimeout(240_000);
  // every EventSource of this browser, and the ones still open
  const started: string[] = [];
  const open = new Map<object, string>();
  context.on('request', (r) => {
    if (r.resourceType() !== 'eventsource') return;
    started.push(r.url());
    open.set(r, r.url());
  });
  context.on('requestfailed', (r) => open.delete(r));
  context.on('requestfinished', (r) => open.delete(r));
  const openStreams = async () => streamSlotsResponse.parse(await (await context.request.get('/api/auth/streams')).json()).open;
  const produce = async (topic: string, value: string) => {
    const res = await request.post(`/api/clusters/local/topics/${topic}/messages`, {
      data: { key: 'k', value, partition: 0 },
      headers: { authorization: `Bearer ${TEST_USERS.admin.token}` },
    });
    expect(res.status()).toBe(201);
  };

  // three tabs, three different topics (the third tails two of them at once)
  const tails: [Page, string[]][] = [];
  for (const watched of [[topics[0]!], [topics[1]!], [topics[0]!, topics[2]!]]) {
    const tab = await context.newPage();
    await tab.goto(`/clusters/local/live?${watched.map((t) => `topic=${t}`).join('&')}`);
    await expect(tab.getByTestId('live-status')).toContainText('Live', { timeout: 60_000 });
    tails.push([tab, watched]);
  }
  await insertWeatherReading(station, '2030-01-01T00:00:00.000Z');
  const weather = await context.newPage();
  await weather.goto(`/clusters/local/weather?station=${encodeURIComponent(station)}`);
  await expect(weather.getByTestId('live-state')).toContainText('live', { timeout: 60_000 });

  // one connection for the whole browser, as the browser and the server both see it: every
  // stream is a sub-stream of it
  await expect.poll(() => open.size).toBe(1);
  await expect.poll(openStreams).toBe(1);
  const subs = JSON.parse(new URL([...open.values()][0]!).searchParams.get('s')!) as { kind: string; query: Record<string, unknown> }[];
  expect(subs.map((s) => s.kind).sort()).toEqual(['live', 'live', 'live', 'weather']);
  expect(started.every((u) => new URL(u).pathname === '/api/clusters/local/streams')).toBe(true);

  for (const t of topics) await produce(t, `${t}-hello`);
  await insertWeatherReading(station, '2030-01-02T00:00:00.000Z');
  for (const [tab, watched] of tails) {
    await expect(tab.getByTestId('live-count')).toContainText(`${watched.length} of at most`);
    for (const t of topics) await expect(tab.getByTestId('live-row').filter({ hasText: `${t}-hello` })).toHaveCount(watched.includes(t) ? 1 : 0);
  }
  await expect(weather.getByTestId('live-state')).toContainText('live · 1 new');

  // a tab leaves: the connection is reopened without its stream, the others resume where they were
  const before = started.length;
  await tails[1]![0].close();
  await expect.poll(() => started.length).toBe(before + 1);
  await expect.poll(() => open.size).toBe(1);
  for (const t of topics) await produce(t, `${t}-again`);
  for (const [tab, watched] of [tails[0]!, tails[2]!]) {
    await expect(tab.getByTestId('live-count')).toContainText(`${watched.length * 2} of at most`);
    for (const t of watched) {
      await expect(tab.getByTestId('live-row').filter({ hasText: `${t}-hello` })).toHaveCount(1);
      await expect(tab.getByTestId('live-row').filter({ hasText: `${t}-again` })).toHaveCount(1);
    }
  }
  await expect.poll(openStreams).toBe(1);
});
