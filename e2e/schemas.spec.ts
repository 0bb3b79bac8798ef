import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import avro from 'avsc';
import { TestAdmin } from '../test/helpers/kafka-admin';
import { CONSOLE_TEST_STORE, startRegistry, type RegistryInstance } from '../test/registry/registry-process';
import { expect, test } from './fixtures';

/**
 * Schemas (issue 16): a user reads decoded Avro messages, produces one through the form with the
 * subject's schema, registers a new compatible version and sees an incompatible one refused.
 * The registry (registry/) runs on a store of its own at the port the test clusters file names.
 */
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const PORT = 8086 + Number(process.env.KAFKA_PORT_OFFSET ?? 0);
const topic = `t16-e2e-${Date.now().toString(36)}`;
const subject = `${topic}-value`;
const V1 = { type: 'record', name: 'Reading', namespace: 'riffle.e2e', fields: [{ name: 'station', type: 'string' }, { name: 'temp', type: 'double' }] };
// the store test/messages/schemas.test.ts uses too: ids never repeat under one registry URL
const store = CONSOLE_TEST_STORE;
let registry: RegistryInstance;
let admin: TestAdmin;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  registry = await startRegistry(store, PORT);
  admin = new TestAdmin('riffle-e2e-setup', BROKERS);
  await admin.createTopics([{ topic, numPartitions: 1 }]);
  const res = await fetch(`${registry.url}/subjects/${subject}/versions`, { method: 'POST', headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body: JSON.stringify({ schema: JSON.stringify(V1) }) });
  const { id } = (await res.json()) as { id: number };
  // an application's framed Avro message, written with avsc and produced by kcat (one file, one message)
  const header = Buffer.from([0, 0, 0, 0, 0]);
  header.writeInt32BE(id, 1);
  const file = path.join(os.tmpdir(), `${topic}.bin`);
  fs.writeFileSync(file, Buffer.concat([header, avro.Type.forSchema(V1 as avro.Schema).toBuffer({ station: 'KSEA', temp: 12.5 })]));
  execFileSync('kcat', ['-b', BROKERS, '-P', '-t', topic, '-p', '0', file], { timeout: 30_000 });
  fs.rmSync(file);
});

test.afterAll(async () => {
  await admin?.deleteTopics([topic]).catch(() => {});
  await admin?.close();
  await registry?.stop();
});

test('a user reads decoded Avro messages and produces one through the form', async ({ page }) => {
  await page.goto(`/clusters/local/topics/${topic}?tab=messages`);
  const row = page.getByTestId('message-row').filter({ hasText: 'KSEA' });
  // the first read fetches the schema from a registry that has just started, on a busy machine
  await expect(row).toHaveCount(1, { timeout: 60_000 });
  await expect(row).toContainText('AVRO');
  await row.click();
  const detail = page.getByTestId('message-detail');
  await expect(detail.getByTestId('schema-tag')).toContainText(`${subject} v1`);
  await expect(detail.getByTestId('value-json')).toContainText('12.5');

  await page.getByRole('button', { name: 'Produce message' }).click();
  const form = page.getByRole('form', { name: 'Produce a message' });
  await form.getByLabel('Value schema subject').fill(subject);
  const value = form.getByLabel('Value', { exact: true });
  await value.fill('{"station": "RIFF", "temp": "warm"}');
  await expect(form.getByTestId('schema-preview')).toContainText('$.temp', { timeout: 30_000 });
  await value.fill('{"station": "RIFF", "temp": 3.5}');
  await expect(form.getByTestId('schema-preview')).toContainText(`Valid for ${subject} version 1`, { timeout: 30_000 });
  await form.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText(/Sent to partition 0 at offset 1/)).toBeVisible();
  await expect(page.getByTestId('message-row').filter({ hasText: 'RIFF' })).toHaveCount(1);
});

test('a user registers a compatible version and sees an incompatible one refused', async ({ page }) => {
  await page.goto('/clusters/local/schemas');
  await page.getByRole('searchbox', { name: 'Search subjects' }).fill(topic);
  await page.getByRole('link', { name: subject }).click();
  await expect(page.getByTestId('schema-text')).toContainText('"station"');
  await page.getByRole('button', { name: 'Register new version…' }).click();
  const schema = page.getByLabel('Schema', { exact: true });
  const withField = (field: object) => JSON.stringify({ ...V1, fields: [...V1.fields, field] }, null, 2);
  await schema.fill(withField({ name: 'required_now', type: 'int' }));
  await page.getByRole('button', { name: 'Check and register' }).click();
  await expect(page.getByTestId('compatibility-verdict')).toContainText('Incompatible');
  await expect(page.getByTestId('compatibility-verdict')).toContainText('required_now');
  await schema.fill(withField({ name: 'source', type: 'string', default: 'e2e' }));
  await page.getByRole('button', { name: 'Check and register' }).click();
  await expect(page.getByText(/Registered .* version 2/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'version 2 (latest)' })).toBeVisible();
  await expect(page.getByTestId('schema-diff')).toContainText('source');
});
