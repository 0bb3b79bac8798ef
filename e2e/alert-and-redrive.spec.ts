import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { TestAdmin } from '../test/helpers/kafka-admin';
import { expect, test } from './fixtures';
import { makeLaggingGroup } from './helpers/groups';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const lagTopic = `t21-e2e-lag-${suffix}`;
const group = `t21-e2e-group-${suffix}`;
const dlq = `t21-e2e-dlq-${suffix}`;
const raw = `t21-e2e-raw-${suffix}`;
const ruleName = `e2e lag ${suffix}`;
let cleanupGroup: (() => Promise<void>) | undefined;
let receiver: http.Server;
let hook = '';
const received: { kind: string; group: string | null }[] = [];
const admin = new TestAdmin('t21-e2e', BROKERS);

test.beforeAll(async () => {
  cleanupGroup = await makeLaggingGroup(lagTopic, group, 40, 10);
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push(JSON.parse(body) as { kind: string; group: string | null });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  await admin.createTopics([
    { topic: dlq, numPartitions: 1 },
    { topic: raw, numPartitions: 1 },
  ]);
  // The weather processor's DLQ shape: the reason in riffle.dlq.reason. Three redrivable, two not.
  execFileSync('kcat', ['-b', BROKERS, '-P', '-t', dlq, '-K', ':', '-H', 'riffle.dlq.reason=temperature out of range'], { input: 'KSEA:{"t":71}\nKNYC:{"t":72}\nKORD:{"t":73}\n', timeout: 60_000 });
  execFileSync('kcat', ['-b', BROKERS, '-P', '-t', dlq, '-K', ':', '-H', 'riffle.dlq.reason=schema: missing station'], { input: 'x1:{}\nx2:{}\n', timeout: 60_000 });
});

test.afterAll(async () => {
  receiver?.close();
  await cleanupGroup?.();
  await admin.deleteTopics([dlq, raw]).catch(() => {});
  await admin.close();
});

test('a user creates a lag alert rule, sees it fire in the history, and redrives three DLQ messages into the target topic', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/clusters/local/alerts');
  await expect(page.getByRole('heading', { name: 'Lag alerts' })).toBeVisible();
  await page.getByRole('button', { name: 'New rule' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(ruleName);
  await dialog.getByLabel('Consumer groups (glob: * and ?)').fill(`t21-e2e-group-${suffix.slice(0, 4)}*`);
  await dialog.getByLabel('Lag above (messages)').fill('20');
  await dialog.getByLabel('For at least (seconds)').fill('0');
  await dialog.getByLabel('URL (kept secret: never shown again)').fill(hook);
  await dialog.getByRole('button', { name: 'Create rule' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByTestId('alert-rule-row').filter({ hasText: ruleName });
  await expect(row).toContainText('lag > 20 messages');
  await expect(row).not.toContainText('/hook'); // the URL stays on the server
  await row.getByRole('button', { name: 'Send test' }).click();
  await expect(row).toContainText('sent · 204');

  // The group's lag is 30: the sampler's next cycles fire the rule; the history shows it.
  await row.getByRole('button', { name: 'History' }).click();
  await expect(page).toHaveURL(/tab=history/);
  const event = page.getByTestId('alert-event-row').filter({ hasText: group });
  await expect(event).toContainText('firing', { timeout: 60_000 });
  await expect(event).toContainText('lag 30 is above 20');
  await expect(event.getByTestId('alert-delivery')).toContainText('firing · sent', { timeout: 30_000 });
  expect(received.filter((r) => r.kind === 'firing' && r.group === group)).toHaveLength(1);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // Redrive: the DLQ's messages whose reason says "out of range", back to the raw topic.
  await page.goto(`/clusters/local/topics/${dlq}?tab=messages&from=earliest&sort=offset`);
  await expect(page.getByTestId('message-row')).toHaveCount(5);
  await page.getByLabel('Header contains').fill('out of range');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByTestId('message-row')).toHaveCount(3);
  await page.getByRole('button', { name: 'Replay filtered…' }).click();
  const replay = page.getByRole('dialog');
  await replay.getByLabel('Target topic').fill(raw);
  await replay.getByRole('button', { name: 'Count first (dry run)' }).click();
  await expect(replay.getByTestId('replay-dry-run')).toContainText('Dry run: 3 messages would be sent');
  await replay.getByRole('button', { name: 'Replay', exact: true }).click();
  await expect(replay.getByTestId('replay-summary')).toContainText('Sent 3 · skipped 0 · failed 0', { timeout: 30_000 });
  await expect(replay.getByTestId('replay-progress')).toContainText('done');

  const out = execFileSync('kcat', ['-b', BROKERS, '-C', '-t', raw, '-e', '-q', '-f', '%k=%s\n'], { timeout: 60_000 }).toString();
  expect(out.trim().split('\n')).toEqual(['KSEA={"t":71}', 'KNYC={"t":72}', 'KORD={"t":73}']);
});
