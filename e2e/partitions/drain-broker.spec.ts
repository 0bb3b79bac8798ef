import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import { expect, test } from '@playwright/test';
import { TEST_USERS } from '../../test/helpers/credentials';
import { BROKERS, clustersFile, kafkaScript, kcatFill, PORT_OFFSET, toolCreateTopic, toolDeleteTopics, toolDescribe, waitForFullIsr } from '../../test/partitions/cluster';

/**
 * An admin drains one broker of a 3-node cluster with the planner: sees the plan (before/after
 * and the bytes each broker receives), executes it with a throttle, watches the moves, and then
 * the broker holds no partitions (the console's broker page and kafka-topics.sh agree).
 * Runs on the partition suite's own cluster (PARTITIONS_PORT_OFFSET) and a console of its own.
 */
test.describe.configure({ mode: 'serial' });

interface Lib {
  ensureBuild(): number;
  freePort(): Promise<number>;
  portOpen(port: number): Promise<boolean>;
  startServer(o: { port: number; env: Record<string, string>; logFile: string }): Promise<ChildProcess>;
  stopProcess(child: ChildProcess | undefined): Promise<void>;
  testServerEnv(): Record<string, string>;
}

let lib: Lib;
let server: ChildProcess | undefined;
let consoleUrl = '';
let startedCluster = false;
const suffix = Date.now().toString(36);
const topics = [`drain-a-${suffix}`, `drain-b-${suffix}`];

test.beforeAll(async () => {
  test.setTimeout(600_000); // may build the console and start the cluster first
  // @ts-expect-error plain ESM script without types
  lib = (await import('../../scripts/lib.mjs')) as Lib;
  if (lib.ensureBuild() !== 0) throw new Error('next build failed');
  if (!(await lib.portOpen(9092 + Number(PORT_OFFSET)))) {
    await kafkaScript('up');
    startedCluster = true;
  }
  const port = await lib.freePort();
  consoleUrl = `http://127.0.0.1:${port}`;
  server = await lib.startServer({
    port,
    logFile: '/tmp/riffle-partitions-e2e-server.log',
    env: { ...lib.testServerEnv(), RIFFLE_CLUSTERS: clustersFile(os.tmpdir()), KAFKA_BROKERS: BROKERS.join(','), RIFFLE_LAG_SAMPLE_MS: '0' },
  });
  await toolCreateTopic(topics[0]!, 6, 2);
  await toolCreateTopic(topics[1]!, 3, 2);
  await kcatFill(topics[0]!, 2000);
  await kcatFill(topics[1]!, 500);
  for (const t of topics) await waitForFullIsr(t);
});

test.afterAll(async () => {
  await lib?.stopProcess(server);
  await toolDeleteTopics(topics);
  if (startedCluster) await kafkaScript('down');
});

test('an admin drains broker 3 with the planner, watches it move, and broker 3 holds no partitions', async ({ page }) => {
  test.setTimeout(180_000);
  // Sign in on this suite's console (the request shares the page's cookies).
  const login = await page.context().request.post(`${consoleUrl}/api/auth/login`, { data: { username: TEST_USERS.admin.name, password: TEST_USERS.admin.password } });
  expect(login.ok()).toBe(true);

  await page.goto(`${consoleUrl}/clusters/local/reassignments?mode=decommission&brokers=3`);
  await expect(page.getByRole('heading', { name: 'Reassignments', exact: true })).toBeVisible();
  await expect(page.getByTestId('reassignments-progress')).toContainText('Nothing is moving');
  await expect(page.getByRole('radio', { name: 'Drain brokers' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByRole('checkbox', { name: /Broker 3/ })).toBeChecked();
  await page.getByTestId('make-plan').click();

  // The plan: broker 3 goes to 0 replicas, and the others receive its data.
  const b3 = page.locator('[data-testid="plan-broker"][data-broker="3"]');
  await expect(b3).toHaveAttribute('data-replicas-after', '0');
  await expect(page.getByTestId('plan-summary')).toContainText('to copy in all');
  const after = await page.getByTestId('plan-partition').evaluateAll((rows) => rows.map((r) => ({ topic: r.getAttribute('data-topic')!, partition: Number(r.getAttribute('data-partition')), after: r.getAttribute('data-after')! })));
  expect(after.length).toBeGreaterThan(0);
  expect(after.every((r) => !r.after.split(',').includes('3'))).toBe(true);

  await page.getByLabel('Throttle rate').fill('512');
  await page.getByLabel('Throttle unit').selectOption('KiB/s');
  await expect(page.getByTestId('cli-preview').last()).toContainText('--throttle 524288');
  await page.getByTestId('execute-plan').click();
  await page.getByTestId('confirm-execute').click();

  // Progress: the moving partitions show up, then the list empties by itself.
  await expect(page.getByTestId('moving-partition').first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('progressbar').first()).toBeVisible();
  await expect(page.getByTestId('reassignments-progress')).toContainText('Nothing is moving', { timeout: 120_000 });
  // and the throttle is gone once nothing moves
  await expect(page.getByTestId('throttle-state')).toHaveCount(0, { timeout: 20_000 });

  // The broker page: broker 3 hosts and leads nothing.
  await page.goto(`${consoleUrl}/clusters/local/brokers/3`);
  await expect(page.getByText('Replicas hosted', { exact: true }).locator('..')).toContainText(/^Replicas hosted0/);
  await expect(page.getByText('Partitions led', { exact: true }).locator('..')).toContainText(/^Partitions led0/);
  // kafka-topics.sh agrees: every replica list is what the plan showed
  for (const t of topics) {
    const tool = await toolDescribe(t);
    for (const p of tool) {
      expect(p.replicas).not.toContain(3);
      const planned = after.find((r) => r.topic === t && r.partition === p.partition);
      if (planned) expect(p.replicas.join(',')).toBe(planned.after);
    }
  }
});
