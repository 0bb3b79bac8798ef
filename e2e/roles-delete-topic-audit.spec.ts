import { execFileSync } from 'node:child_process';
import { TestAdmin } from '../test/helpers/kafka-admin';
import { expect, test } from './fixtures';

const BOOTSTRAP = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const topic = `t7-e2e-del-${Date.now().toString(36)}`;

function kcatHasTopic(): boolean {
  const out = execFileSync('kcat', ['-b', BOOTSTRAP, '-L', '-J', '-t', topic], { timeout: 30_000 }).toString();
  return (JSON.parse(out) as { topics: { topic: string; partitions: unknown[] }[] }).topics.some((t) => t.topic === topic && t.partitions.length > 0);
}

test.beforeAll(async () => {
  const admin = new TestAdmin('t7-e2e', BOOTSTRAP);
  await admin.createTopics([{ topic, numPartitions: 1, replicationFactor: 1 }]);
  await admin.close();
});

test.afterAll(async () => {
  const admin = new TestAdmin('t7-e2e', BOOTSTRAP);
  await admin.deleteTopics([topic]).catch(() => {});
  await admin.close();
});

test('a viewer sees no delete control and gets 403 from the API; an admin deletes the topic and the audit page shows it', async ({ page, signInAs }) => {
  await signInAs('viewer');
  await page.goto(`/clusters/local/topics/${topic}?tab=settings`);
  await expect(page.getByTestId('read-only-note')).toContainText('needs the admin role');
  await expect(page.getByRole('form', { name: 'Delete topic' })).toHaveCount(0);
  await page.goto('/clusters/local/topics');
  await expect(page.getByRole('button', { name: 'Create topic' })).toHaveCount(0);
  // The server is the authority: the same call from the viewer's page is refused.
  const status = await page.evaluate(async (t) => (await fetch(`/api/clusters/local/topics/${t}`, { method: 'DELETE' })).status, topic);
  expect(status).toBe(403);
  expect(kcatHasTopic()).toBe(true);

  await signInAs('admin');
  await page.goto(`/clusters/local/topics/${topic}?tab=settings`);
  const del = page.getByRole('form', { name: 'Delete topic' });
  await del.getByLabel(`Type ${topic} to confirm`).fill(topic);
  await del.getByRole('button', { name: 'Delete this topic' }).click();
  await expect(page).toHaveURL(/\/clusters\/local\/topics$/);
  await expect.poll(() => kcatHasTopic()).toBe(false);

  await page.goto(`/clusters/local/audit?q=${topic}`);
  const rows = page.getByTestId('audit-row');
  // The viewer's refused attempt and the admin's deletion, newest first.
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('done · 200');
  await expect(rows.nth(1)).toContainText('403');
});
