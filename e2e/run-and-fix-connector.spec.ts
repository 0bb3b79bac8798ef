import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_USERS } from '../test/helpers/credentials';
import { direct, ensureWorker, stopWorker } from '../test/connect/worker';
import { expect, test } from './fixtures';

const BOOTSTRAP = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const admin = { authorization: `Bearer ${TEST_USERS.admin.token}` };

function kcatCount(topic: string): number {
  try {
    return execFileSync('kcat', ['-b', BOOTSTRAP, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%s\\n'], { timeout: 30_000 }).toString().split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

function linesIn(file: string): number {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

let startedWorker = false;
test.beforeAll(async () => {
  test.setTimeout(300_000);
  startedWorker = await ensureWorker();
});
test.afterAll(async () => {
  if (startedWorker) await stopWorker();
});

test('a user creates a connector from the generated form, sees records arrive, breaks one, reads the trace, fixes the config and restarts it', async ({ page }) => {
  test.setTimeout(240_000);
  const run = `t17-e2e-${Date.now().toString(36)}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${run}-`));
  const N = 25;
  fs.writeFileSync(path.join(dir, 'in.txt'), Array.from({ length: N }, (_, i) => `line ${i + 1}\n`).join(''));
  const topic = `${run}-lines`;
  try {
    expect((await page.request.post('/api/clusters/local/topics', { headers: admin, data: { name: topic, partitions: 1, replicationFactor: 1 } })).status()).toBe(201);

    // Create a source from the form the plugin's definition generates.
    await page.goto('/clusters/local/connect/local/new');
    await page.locator('#connector-name').fill(`${run}-source`);
    await page.locator('#connector-class').selectOption('org.apache.kafka.connect.file.FileStreamSourceConnector');
    await page.locator('#cfg-file').fill(path.join(dir, 'in.txt'));
    await page.locator('#cfg-topic').fill(topic);
    // The worker's own per-field error shows beside the field before saving…
    await page.locator('#cfg-batch\\.size').fill('lots');
    await expect(page.locator('#cfg-batch\\.size-error')).toContainText('batch.size');
    await page.locator('#cfg-batch\\.size').fill('');
    await expect(page.getByTestId('validation-summary')).toHaveText('the worker accepts this config');
    await page.getByTestId('save-connector').click();
    await expect(page).toHaveURL(new RegExp(`/connectors/${run}-source$`));
    await expect(page.locator('[data-testid="task"][data-state="RUNNING"]')).toHaveCount(1, { timeout: 60_000 });
    await expect.poll(() => kcatCount(topic), { timeout: 60_000 }).toBe(N);
    await expect(page.getByTestId('connector-topics').getByRole('link', { name: topic })).toBeVisible({ timeout: 30_000 });

    // A sink whose folder does not exist: its task fails, and the page shows why.
    const out = path.join(dir, 'missing', 'out.txt');
    await page.goto('/clusters/local/connect/local/new');
    await page.locator('#connector-name').fill(`${run}-sink`);
    await page.locator('#connector-class').selectOption('org.apache.kafka.connect.file.FileStreamSinkConnector');
    await page.locator('#cfg-file').fill(out);
    const commonGroup = page.locator('details[data-group="Common"]');
    if (!(await commonGroup.evaluate((d) => (d as HTMLDetailsElement).open))) await commonGroup.locator('summary').click();
    await page.locator('#cfg-topics').fill(topic);
    await expect(page.getByTestId('validation-summary')).toHaveText('the worker accepts this config');
    await page.getByTestId('save-connector').click();
    await expect(page.locator('[data-testid="task"][data-state="FAILED"]')).toHaveCount(1, { timeout: 60_000 });
    const trace = page.getByTestId('task-trace').first();
    await expect(trace).toContainText('NoSuchFileException');
    await expect(trace).toContainText(out);

    // Fix the config (a folder that exists). Connect restarts a connector and its tasks when its
    // config changes, so the task runs again with the fix without another click; once the page
    // has the worker's new status it shows no trace and offers no restart of a failed task.
    // (Asking "is the restart button visible?" right after saving raced the page's refetch: the
    // button of the status from before the save was there, then gone, and the click waited for
    // it until the test timed out.)
    const fixed = path.join(dir, 'out.txt');
    await page.getByRole('link', { name: 'Edit config' }).click();
    await page.locator('#cfg-file').fill(fixed);
    await expect(page.getByTestId('validation-summary')).toHaveText('the worker accepts this config');
    await page.getByTestId('save-connector').click();
    await expect(page).toHaveURL(new RegExp(`/connectors/${run}-sink$`));
    await expect(page.getByTestId('connector-config')).toContainText(fixed);
    await expect(page.locator('[data-testid="task"][data-state="RUNNING"]')).toHaveCount(1, { timeout: 60_000 });
    await expect(page.getByTestId('task-trace')).toHaveCount(0);
    await expect(page.getByTestId('restart-failed')).toHaveCount(0);
    await expect.poll(() => linesIn(fixed), { timeout: 60_000 }).toBe(N);
    // The sink has committed all N: what it reads from here on is new.
    await expect(page.getByTestId('connector-offsets')).toContainText(`{"kafka_offset":${N}}`, { timeout: 30_000 });

    // Broken again by a config whose folder is missing: the task fails with the new path in its
    // trace and stays failed. The user fixes what the trace names (the folder) and restarts only
    // the failed task (KIP-745); it resumes where it stopped: the records produced since, once.
    const later = path.join(dir, 'later', 'out.txt');
    await page.getByRole('link', { name: 'Edit config' }).click();
    await page.locator('#cfg-file').fill(later);
    await page.getByTestId('save-connector').click();
    await expect(page).toHaveURL(new RegExp(`/connectors/${run}-sink$`));
    await expect(page.locator('[data-testid="task"][data-state="FAILED"]').getByTestId('task-trace')).toContainText(later, { timeout: 60_000 });
    const M = 5;
    fs.appendFileSync(path.join(dir, 'in.txt'), Array.from({ length: M }, (_, i) => `line ${N + i + 1}\n`).join(''));
    await expect.poll(() => kcatCount(topic), { timeout: 60_000 }).toBe(N + M);
    fs.mkdirSync(path.dirname(later));
    await page.getByTestId('restart-failed').click();
    await expect(page.getByText(`Restart failed: sent to ${run}-sink`)).toBeVisible();
    await expect(page.locator('[data-testid="task"][data-state="RUNNING"]')).toHaveCount(1, { timeout: 60_000 });
    await expect.poll(() => linesIn(later), { timeout: 60_000 }).toBe(M);
    expect(fs.readFileSync(later, 'utf8')).toBe(Array.from({ length: M }, (_, i) => `line ${N + i + 1}\n`).join(''));
    expect(linesIn(fixed)).toBe(N);

    // The pipeline page draws both connectors in the data flow, on either side of their topic.
    await page.goto('/clusters/local/pipeline');
    const flow = page.locator(`[data-testid="flow-row"][data-topic="${topic}"]`);
    await expect(flow.locator(`[data-testid="flow-connector"][data-connector="${run}-source"]`)).toHaveAttribute('data-state', 'RUNNING', { timeout: 30_000 });
    await expect(flow.locator(`[data-testid="flow-connector"][data-connector="${run}-sink"]`)).toHaveAttribute('data-state', 'RUNNING');
    await expect(flow.getByTestId('flow-topic').getByRole('link', { name: topic })).toHaveAttribute('href', `/clusters/local/topics/${topic}`);
    const axe = await new AxeBuilder({ page }).include('[data-testid="connectors-flow"]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await flow.getByRole('link', { name: `${run}-sink` }).click();
    await expect(page).toHaveURL(new RegExp(`/connect/local/connectors/${run}-sink$`));
  } finally {
    for (const n of [`${run}-source`, `${run}-sink`]) await direct('DELETE', `/connectors/${n}`).catch(() => {});
    await page.request.delete(`/api/clusters/local/topics/${topic}`, { headers: admin }).catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
