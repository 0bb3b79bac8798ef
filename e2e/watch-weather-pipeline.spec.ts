import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { cleanupPrefix, spawnPipeline, stopAll, type PipelineProc } from '../test/pipeline/harness';
import { deleteWeatherRows } from './helpers/weather-db';

// The real pipeline on prefixed topics, writing to the console's own database, replayed slowly
// enough that the page can be seen to grow.
const prefix = `t6-e2e-${Date.now().toString(36)}-`;
let proc: PipelineProc;

test.beforeAll(async () => {
  proc = spawnPipeline(`${prefix}all`, [`--prefix=${prefix}`, '--partitions=2', '--from=2012-01-01', '--to=2012-12-31', '--speed=4', '--normals-every=3', '--synthetic=1', `--station-prefix=${prefix}`]);
});

test.afterAll(async () => {
  await stopAll([proc]);
  await deleteWeatherRows(prefix);
  await cleanupPrefix(prefix);
});

const points = async (page: import('@playwright/test').Page, id: string) => Number(await page.getByTestId(`${id}-points`).getAttribute('data-points'));

test('the weather page shows charts that grow while the pipeline runs', async ({ page }) => {
  test.setTimeout(120_000);
  const station = `${prefix}Seattle`;
  await page.goto(`/clusters/local/weather?station=${encodeURIComponent(station)}`);
  await expect(page.getByTestId('station-picker')).toHaveValue(station);
  await expect.poll(() => points(page, 'chart-temperature'), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('live-state')).toContainText('live', { timeout: 30_000 });
  const first = await points(page, 'chart-temperature');
  // New days arrive over SSE and the same chart grows, without a reload.
  await expect.poll(() => points(page, 'chart-temperature'), { timeout: 60_000 }).toBeGreaterThan(first);
  await expect.poll(() => points(page, 'chart-pressure'), { timeout: 30_000 }).toBeGreaterThan(0);
  for (const id of ['chart-temperature', 'chart-precipitation', 'chart-wind', 'chart-pressure']) {
    await expect(page.getByTestId(id).locator('svg.recharts-surface')).toBeVisible();
  }
  await expect(page.getByTestId('summary-table')).toContainText('2012-01');
  await expect(page.getByTestId('windows-table')).toContainText('2012-');
  const axe = await new AxeBuilder({ page }).include('main').analyze();
  expect(axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);
});

test('the pipeline page shows the topology with live rates and controls the producer', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`/clusters/local/pipeline?prefix=${prefix}`);
  await expect(page.getByTestId('topology-node')).toHaveCount(8, { timeout: 30_000 });
  await expect(page.getByTestId('node-raw')).toContainText(`${prefix}weather.raw`);
  await expect(page.getByTestId('node-processed')).toContainText(`${prefix}weather.processed`);
  await expect(page.getByTestId('edge-processor')).toContainText('lag', { timeout: 30_000 });
  await expect(page.getByTestId('edge-db-writer')).toContainText(`${prefix}weather-db-writer`);
  // Live rates: the processor reports records per second while the replay runs.
  await expect.poll(async () => parseFloat((await page.getByTestId('rate-processor').textContent()) ?? '0'), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect.poll(async () => parseFloat((await page.getByTestId('rate-raw').textContent()) ?? '0'), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('processes-table')).toContainText('db-writer');
  // Pause and resume through the control topic; the producer reports each state.
  await page.getByTestId('producer-toggle').click();
  await expect(page.getByTestId('producer-state')).toHaveText('paused', { timeout: 30_000 });
  await page.getByTestId('producer-toggle').click();
  await expect(page.getByTestId('producer-state')).toHaveText('replaying', { timeout: 30_000 });
  await page.getByTestId('producer-speed').fill('6');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('Speed set to 6 days/s')).toBeVisible();
  const axe = await new AxeBuilder({ page }).include('main').analyze();
  expect(axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);
});
