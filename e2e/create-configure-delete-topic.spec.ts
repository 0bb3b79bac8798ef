import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { TestAdmin } from '../test/helpers/kafka-admin';
import { topicOverrides } from '../test/topics/admin';
import { expect, test } from './fixtures';

const BOOTSTRAP = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';

/** The topic as kcat (an independent client) sees it, or undefined. */
function kcatTopic(topic: string): { partitions: { partition: number; leader: number }[] } | undefined {
  const out = execFileSync('kcat', ['-b', BOOTSTRAP, '-L', '-J', '-t', topic], { timeout: 30_000 }).toString();
  const t = (JSON.parse(out) as { topics: { topic: string; partitions: { partition: number; leader: number }[] }[] }).topics.find((x) => x.topic === topic);
  return t && t.partitions.length > 0 ? t : undefined;
}

async function overrides(topic: string): Promise<Record<string, string>> {
  const admin = new TestAdmin('t3-e2e', BOOTSTRAP);
  try {
    return await topicOverrides(admin, topic);
  } finally {
    await admin.close();
  }
}

async function seriousViolations(page: import('@playwright/test').Page) {
  // Toasts included: their colours come from the theme tokens (app/globals.css).
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")})`);
}

test('a user creates a topic, sees it in the list and its partition grid, edits a config, and deletes it', async ({ page }) => {
  test.setTimeout(120_000); // a long journey with two accessibility scans, on a shared machine
  const topic = `t3-e2e-${Date.now().toString(36)}`;
  try {
    await page.goto('/clusters/local/topics');
    await page.getByRole('button', { name: 'Create topic' }).click();
    const form = page.getByRole('form', { name: 'Create topic' });

    // Bad input is refused beside the field before anything reaches Kafka.
    await form.getByLabel('Name').fill('..');
    await form.getByLabel('Partitions').fill('0');
    await form.getByRole('button', { name: 'Create topic' }).click();
    await expect(form.getByText('a topic cannot be named "." or ".."')).toBeVisible();
    await expect(form.getByText('a topic needs at least 1 partition')).toBeVisible();

    await form.getByLabel('Name').fill(topic);
    await form.getByLabel('Partitions').fill('2');
    await form.getByLabel('retention.ms', { exact: true }).fill('2');
    await form.getByLabel('retention.ms unit').selectOption('h');
    await expect(form.getByTestId('cli-preview')).toContainText(`kafka-topics.sh --bootstrap-server ${BOOTSTRAP} --create --topic ${topic} --partitions 2 --replication-factor 1 --config retention.ms=7200000`);
    await form.getByRole('button', { name: 'Create topic' }).click();

    // Lands on the new topic's partition grid.
    await expect(page).toHaveURL(new RegExp(`/topics/${topic}\\?tab=partitions$`));
    await expect(page.getByText(`Created topic ${topic}`)).toBeVisible();
    // The success toast passes axe in both themes. Hovering it pauses sonner's timer, so it is
    // still there while axe looks.
    const toast = page.locator('[data-sonner-toast][data-type="success"]').first();
    await toast.hover();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.locator('[data-sonner-toaster]')).toHaveAttribute('data-sonner-theme', scheme);
      expect(await seriousViolations(page), `${scheme} theme`).toEqual([]);
      // and axe did look at the toast's text, rather than skip it
      const onToast = await new AxeBuilder({ page }).include('[data-sonner-toaster]').withRules(['color-contrast']).analyze();
      expect(onToast.violations, `${scheme} theme`).toEqual([]);
      expect(onToast.passes.find((r) => r.id === 'color-contrast')?.nodes.length ?? 0, `${scheme} theme`).toBeGreaterThan(0);
      await expect(toast).toBeVisible();
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.mouse.move(0, 0);
    const rows = page.getByTestId('partition-row');
    await expect(rows).toHaveCount(2);
    const kcat = kcatTopic(topic)!;
    expect(kcat.partitions).toHaveLength(2);
    for (const p of kcat.partitions) {
      await expect(rows.nth(p.partition).locator(`[data-broker="${p.leader}"]`)).toHaveAttribute('data-state', 'leader');
    }
    expect(await seriousViolations(page)).toEqual([]);

    // The list finds it through the server-side search.
    await page.goto(`/clusters/local/topics?q=${topic}`);
    await expect(page.getByTestId('topic-row')).toHaveCount(1);
    await expect(page.getByTestId('topic-row')).toContainText(topic);
    expect(await seriousViolations(page)).toEqual([]);

    // Creating it again is refused beside the name.
    await page.getByRole('button', { name: 'Create topic' }).click();
    const again = page.getByRole('form', { name: 'Create topic' });
    await again.getByLabel('Name').fill(topic);
    await again.getByRole('button', { name: 'Create topic' }).click();
    await expect(again.getByText(`topic "${topic}" already exists`)).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();

    // Edit one config; the earlier override survives.
    await page.getByTestId('topic-row').getByRole('link', { name: topic }).click();
    await page.getByRole('tab', { name: 'Settings' }).click();
    await expect(page).toHaveURL(/\?tab=settings$/);
    await page.getByLabel('Filter configs').fill('max.message');
    await page.getByRole('button', { name: 'Edit max.message.bytes' }).click();
    await page.getByLabel('New value for max.message.bytes').fill('2048');
    await expect(page.getByTestId('cli-preview').first()).toContainText(`--entity-name ${topic} --add-config max.message.bytes=2048`);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Set max.message.bytes = 2048')).toBeVisible();
    await expect(page.locator('[data-key="max.message.bytes"]')).toContainText('topic override');
    await expect.poll(() => overrides(topic)).toEqual({ 'retention.ms': '7200000', 'max.message.bytes': '2048' });

    // Delete it by typing its name.
    const del = page.getByRole('form', { name: 'Delete topic' });
    await expect(del.getByRole('button', { name: 'Delete this topic' })).toBeDisabled();
    await del.getByLabel(`Type ${topic} to confirm`).fill(topic);
    await del.getByRole('button', { name: 'Delete this topic' }).click();
    await expect(page).toHaveURL(/\/clusters\/local\/topics$/);
    await expect(page.getByText(`Deleted topic ${topic}`)).toBeVisible();
    await expect.poll(() => kcatTopic(topic)).toBeUndefined();
  } finally {
    const admin = new TestAdmin('t3-e2e-cleanup', BOOTSTRAP);
    await admin.deleteTopics([topic]).catch(() => {});
    await admin.close();
  }
});

test('the brokers page lists what kcat sees, and a broker page masks sensitive configs', async ({ page }) => {
  const meta = JSON.parse(execFileSync('kcat', ['-b', BOOTSTRAP, '-L', '-J'], { timeout: 30_000 }).toString()) as { brokers: { id: number; name: string }[] };
  await page.goto('/clusters/local/brokers');
  const rows = page.getByTestId('broker-list-row');
  await expect(rows).toHaveCount(meta.brokers.length);
  const first = [...meta.brokers].sort((a, b) => a.id - b.id)[0]!;
  await expect(rows.first()).toContainText(first.name);
  // its size on disk, with a unit (DescribeLogDirs)
  await expect(rows.first().getByTestId('broker-log-dir-size')).toContainText(/\d+(\.\d+)? (B|KiB|MiB|GiB|TiB)/);
  expect(await seriousViolations(page)).toEqual([]);
  await rows.first().getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/brokers/${first.id}$`));
  await expect(page.locator('[data-key="broker.id"]')).toContainText(String(first.id));
  await expect(page.getByTestId('broker-log-dir').first()).toContainText(/free of/);
  await expect(page.locator('[data-key="sasl.jaas.config"]').getByTestId('masked')).toBeVisible();
  await page.getByLabel('Filter by source').selectOption('static-broker');
  await expect(page).toHaveURL(/source=static-broker/);
  await expect(page.locator('[data-key="broker.id"]')).toBeVisible();
  await expect(page.locator('[data-key="sasl.jaas.config"]')).toHaveCount(0);

  // A sort read from the URL (?sort=) must not keep the list re-rendering either: a sort rebuilt
  // each render once looped TanStack Table's page-index reset forever, and the row link's
  // navigation never committed (the tab froze on this click).
  await page.goto('/clusters/local/brokers?sort=-nodeId');
  await page.getByTestId('broker-list-row').getByRole('link', { name: `Broker ${first.id}` }).click();
  await expect(page).toHaveURL(new RegExp(`/brokers/${first.id}$`));
  await expect(page.locator('h1')).toContainText(`Broker ${first.id}`);
});

test('a user adds partitions and deletes records, confirming first', async ({ page }) => {
  const topic = `t3-e2e-grow-${Date.now().toString(36)}`;
  const admin = new TestAdmin('t3-e2e-grow', BOOTSTRAP);
  try {
    await admin.createTopics([{ topic, numPartitions: 1, replicationFactor: 1 }]);
    execFileSync('kcat', ['-b', BOOTSTRAP, '-P', '-t', topic, '-p', '0'], { input: 'a\nb\nc\nd\n', timeout: 30_000 });
    await page.goto(`/clusters/local/topics/${topic}?tab=settings`);

    const grow = page.getByRole('form', { name: 'Add partitions' });
    await expect(grow.getByText('per-key ordering breaks')).toBeVisible();
    await grow.getByLabel('New total partition count').fill('3');
    await grow.getByRole('button', { name: 'Add partitions' }).click();
    await expect(page.getByText(`${topic} now has 3 partitions`)).toBeVisible();
    await expect.poll(() => kcatTopic(topic)?.partitions.length).toBe(3);

    const purge = page.getByRole('form', { name: 'Delete records' });
    await purge.getByLabel('One partition, before an offset').check();
    await purge.getByLabel('Delete before offset').fill('3');
    await purge.getByRole('button', { name: 'Delete records' }).click();
    await expect(purge.getByText('Press again to confirm')).toBeVisible();
    await purge.getByRole('button', { name: 'Yes, delete the records' }).click();
    await expect(page.getByText(`Deleted records from ${topic}`)).toBeVisible();
    const left = execFileSync('kcat', ['-b', BOOTSTRAP, '-q', '-C', '-t', topic, '-p', '0', '-o', 'beginning', '-e', '-f', '%o %s\n'], { timeout: 30_000 }).toString().trim();
    expect(left).toBe('3 d');

    await page.getByRole('tab', { name: 'Partitions' }).click();
    await expect(page.getByTestId('partition-row')).toHaveCount(3);
    await expect(page.getByTestId('partition-row').first()).toContainText('3');
  } finally {
    await admin.deleteTopics([topic]).catch(() => {});
    await admin.close();
  }
});

test('a read-only cluster offers no forms that change it', async ({ page }) => {
  await page.goto('/clusters/local-ro/topics?internal=1&q=__consumer_offsets');
  await expect(page.getByTestId('topic-row')).toHaveCount(1);
  await expect(page.getByText('read-only cluster: no changes')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create topic' })).toHaveCount(0);
  await page.goto('/clusters/local-ro/topics/__consumer_offsets?tab=settings');
  await expect(page.getByTestId('read-only-note')).toBeVisible();
  await expect(page.getByTestId('config-row').first()).toBeVisible();
  await expect(page.getByRole('button', { name: /^Edit / })).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Delete topic' })).toHaveCount(0);
});
