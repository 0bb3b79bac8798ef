import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { TestAdmin } from '../test/helpers/kafka-admin';
import { kafkaToolAsync } from '../test/helpers/kafka-tools';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const root = path.resolve(__dirname, '..');
const kafkaVersion = /<kafka\.version>([^<]+)</.exec(fs.readFileSync(path.join(root, 'kafka/pom.xml'), 'utf8'))![1];
const kafkaLibs = path.join(root, '.cache', `kafka-${kafkaVersion}`, 'libs', '*');
const streamsLibs = path.join(root, '.cache', `kafka-streams-${kafkaVersion}`, 'libs', '*');

const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const topic = `e2e-queue-${suffix}`;
const shareGroup = `e2e-share-${suffix}`;
const textTopic = `e2e-text-${suffix}`;
const appId = `e2e-wordcount-${suffix}`;
const children: ChildProcess[] = [];
let admin: TestAdmin;

function start(args: string[]): ChildProcess {
  const child = spawn('java', args, { stdio: 'ignore' });
  children.push(child);
  return child;
}

test.beforeAll(async () => {
  test.setTimeout(600_000); // a Maven fetch on a fresh clone, then the apps' start
  // a fresh clone has no Kafka Streams jars yet: fetch them (Maven Central, first run only)
  if (!fs.existsSync(path.join(path.dirname(streamsLibs), '.complete'))) execFileSync(process.execPath, [path.join(root, 'scripts/streams-app.mjs'), 'jars'], { stdio: 'inherit', timeout: 600_000 });
  admin = new TestAdmin('e2e-share-streams', BROKERS);
  await admin.createTopics([
    { topic, numPartitions: 2 },
    { topic: textTopic, numPartitions: 2 },
  ]);
  // 30 records on the queue; its one consumer reads from the beginning (a share group's config) and stays.
  await admin.produce(topic, Array.from({ length: 30 }, (_, i) => ({ partition: i % 2, value: `job-${i}` })));
  await admin.produce(textTopic, [{ partition: 0, value: 'to be or not to be' }]);
  await kafkaToolAsync('org.apache.kafka.tools.ConfigCommand', ['--bootstrap-server', BROKERS, '--alter', '--entity-type', 'groups', '--entity-name', shareGroup, '--add-config', 'share.auto.offset.reset=earliest']);
  start(['-Xmx256m', '-cp', kafkaLibs, 'org.apache.kafka.tools.consumer.ConsoleShareConsumer', '--bootstrap-server', BROKERS, '--topic', topic, '--group', shareGroup]);
  start([
    '-Xmx384m',
    '-cp',
    streamsLibs,
    path.join(root, 'kafka/streams-app/WordCount.java'),
    `bootstrap.servers=${BROKERS}`,
    `application.id=${appId}`,
    `input=${textTopic}`,
    `output=${textTopic}-counts`,
    `state.dir=/tmp/riffle-e2e-streams-${suffix}`,
  ]);
});

test.afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 3_000));
  await admin.deleteGroups([shareGroup, appId]).catch(() => {});
  await admin.deleteTopics([topic, textTopic, `${textTopic}-counts`, `${appId}-counts-repartition`, `${appId}-counts-changelog`]).catch(() => {});
  await admin.close();
  fs.rmSync(`/tmp/riffle-e2e-streams-${suffix}`, { recursive: true, force: true });
});

test('a user finds a share group in the groups list, opens it and sees its members, start offsets and lag', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/clusters/local/groups?type=share');
  await expect(page.getByTestId('group-type-filter')).toHaveValue('share');
  await page.getByRole('searchbox', { name: 'Search groups or topics' }).fill(shareGroup);
  const row = page.locator(`[data-testid="group-row"][data-group="${shareGroup}"]`);
  // Kafka's console share consumer joins, reads the 30 records, acknowledges them and stays a member.
  await expect(row).toHaveCount(1, { timeout: 60_000 });
  await expect(row).toContainText('Share');
  await row.getByRole('link', { name: shareGroup }).click();

  await expect(page.getByRole('heading', { name: shareGroup })).toBeVisible();
  await expect(page.getByText('share group', { exact: false }).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Start offsets and lag per share-partition' })).toBeVisible();
  const partitionRows = page.getByTestId('partition-row');
  await expect(partitionRows).toHaveCount(2, { timeout: 60_000 });
  // Lag: whatever the broker counts, the page shows the same figure ShareGroupCommand prints.
  await expect(async () => {
    const out = await kafkaToolAsync('org.apache.kafka.tools.consumer.group.ShareGroupCommand', ['--bootstrap-server', BROKERS, '--describe', '--group', shareGroup]);
    const lags = out
      .split('\n')
      .filter((l) => l.startsWith(shareGroup))
      .map((l) => l.trim().split(/\s+/))
      .sort((a, b) => Number(a[2]) - Number(b[2]))
      .map((c) => c[4]);
    expect(lags.every((l) => l !== '-')).toBe(true);
    await page.reload();
    await expect(page.getByTestId('lag')).toHaveText(lags.map(String));
  }).toPass({ timeout: 60_000, intervals: [2_000] });
  const members = page.getByTestId('member-row');
  await expect(members).toHaveCount(1);
  await expect(members).toContainText('console-share-consumer');
  await expect(members).toContainText(`${topic} [0, 1]`);
  await expect(page.getByTestId('total-lag')).toHaveText('0');
});

test('a user opens the Kafka Streams app and sees its topology drawn, its members and tasks', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`/clusters/local/groups?type=streams&q=${encodeURIComponent(appId)}`);
  const row = page.locator(`[data-testid="group-row"][data-group="${appId}"]`);
  await expect(row).toHaveCount(1, { timeout: 120_000 });
  await expect(row).toContainText('Streams');
  await row.getByRole('link', { name: appId }).click();

  await expect(page.getByRole('heading', { name: appId })).toBeVisible();
  const graph = page.getByTestId('streams-topology').getByTestId('topology-graph');
  await expect(graph).toBeVisible({ timeout: 60_000 });
  // Processor nodes of both subtopologies (the app pushes its description; the broker keeps it), and the topics between them.
  await expect(graph.locator('[data-testid="topology-node"][data-kind="source"]')).toHaveCount(2, { timeout: 60_000 });
  await expect(graph.locator('[data-testid="topology-node"][data-kind="changelog"]')).toHaveCount(1);
  await expect(graph.locator('[data-testid="topology-node"][data-kind="repartition"]')).toHaveCount(1);
  await expect(page.getByTestId('subtopology-row')).toHaveCount(2);
  const member = page.getByTestId('streams-member-row');
  await expect(member).toHaveCount(1, { timeout: 60_000 });
  await expect(member.getByTestId('active-tasks')).toContainText('active (4)');
  await expect(page.getByTestId('internal-topics')).toContainText(`${appId}-counts-changelog`);
});
