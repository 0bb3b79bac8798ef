import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import { openDatabase, type DbHandle } from '@/lib/server/db/db';
import { loadDaily, loadNormals } from '@/lib/pipeline/csv';
import { highWatermarks, javaPartitioner } from '@/lib/pipeline/kafka';
import { eventsForDay } from '@/lib/pipeline/producer';

import type { BenchCase, BenchContext, BenchResult } from '../harness';

type Ctx = BenchContext;
type Result = BenchResult;

const root = path.resolve(__dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(args: string[], env: Record<string, string>, log: string): ChildProcess {
  const out = fs.openSync(log, 'a');
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'lib/pipeline/run.ts', ...args], { cwd: root, stdio: ['ignore', out, out], env: { ...process.env, ...env } });
  fs.closeSync(out);
  return child;
}

async function stop(children: ChildProcess[]) {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const t = setTimeout(() => c.kill('SIGKILL'), 5_000);
          c.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
}

async function until<T>(fn: () => Promise<T | false | undefined>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const rowCount = async (h: DbHandle) => Number((await h.db.selectFrom('weather_readings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);

/** How many events the replay produces, from the same data and the producer's own day builder. */
function expectedEvents(stationPrefix: string): number {
  const byDate = new Map<string, ReturnType<typeof loadDaily>>();
  for (const r of loadDaily()) byDate.set(r.date, [...(byDate.get(r.date) ?? []), r]);
  const normals = new Map(loadNormals().map((n) => [n.monthDayHour, n] as const));
  let n = 0;
  for (const [date, rows] of byDate) n += eventsForDay(date, rows, normals, { stationPrefix, normalsEveryHours: 3, syntheticStations: 3 }).length;
  return n;
}

/**
 * Pre-loads weather.raw with the whole replay (4 years, 2 stations, hourly normals every 3 h,
 * 3 synthetic stations), then starts the database writer and N processor instances and times
 * the backlog from the first stored row to the last: events per second from raw to database.
 * Then, with the pipeline idle, produces single events and reads each one's written_at: the
 * produce-to-row latency through validate → enrich → transaction → writer → SQLite commit.
 */
async function runOnce(ctx: Ctx, instances: number): Promise<{ eventsPerSecond: number; events: number; latencies: number[] }> {
  const prefix = `${ctx.tmpPrefix}p${instances}-`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riffle-bench-pipeline-'));
  const env = { KAFKA_BROKERS: ctx.brokers, DATABASE_URL: '', WEATHER_SQLITE_FILE: path.join(dir, 'weather.db') };
  const common = [`--prefix=${prefix}`, '--partitions=4'];
  const client = { clientId: 'bench-pipeline', bootstrapBrokers: ctx.brokers.split(',') };
  const admin = new Admin(client);
  const children: ChildProcess[] = [];
  const h = await openDatabase({ sqliteFile: env.WEATHER_SQLITE_FILE });
  try {
    // 1. The backlog, produced as fast as the producer goes.
    const producer = start([...common, '--roles=producer', '--instance=bench', '--speed=100000', '--synthetic=3', '--normals-every=3', `--station-prefix=${prefix}`], env, path.join(dir, 'producer.log'));
    children.push(producer);
    const events = expectedEvents(prefix);
    await until(async () => [...(await highWatermarks(admin, `${prefix}weather.raw`)).values()].reduce((s, n) => s + n, 0) >= events, 180_000, `${events} events produced`);
    ctx.log(`${instances} processor(s): ${events} events in ${prefix}weather.raw`);

    // 2. Writer and processors; time the backlog from first row to last.
    children.push(start([...common, '--roles=writer', '--instance=w'], env, path.join(dir, 'writer.log')));
    for (let i = 1; i <= instances; i++) children.push(start([...common, '--roles=processor', `--instance=p${i}`], env, path.join(dir, `p${i}.log`)));
    await until(async () => (await rowCount(h)) > 0, 120_000, 'the first row');
    const t0 = performance.now();
    const first = await rowCount(h);
    await until(async () => (await rowCount(h)) >= events, 300_000, `all ${events} rows`);
    const seconds = (performance.now() - t0) / 1000;
    const eventsPerSecond = (events - first) / seconds;
    ctx.log(`${instances} processor(s): ${events - first} events in ${seconds.toFixed(2)} s = ${eventsPerSecond.toFixed(0)} events/s`);

    // 3. Produce-to-row latency, one event at a time on an idle pipeline.
    const p = new Producer({ ...client, idempotent: true, partitioner: javaPartitioner, serializers: stringSerializers });
    const latencies: number[] = [];
    const station = `${prefix}latency`;
    for (let i = 0; i < 30; i++) {
      const observedAt = new Date(Date.UTC(2020, 0, 1 + i)).toISOString();
      const sent = Date.now();
      await p.send({ messages: [{ topic: `${prefix}weather.raw`, key: station, value: JSON.stringify({ v: 1, kind: 'daily', station, observedAt, source: 'bench', precipitationMm: 1, tempMaxC: 10, tempMinC: 5, windMs: 3, condition: 'rain' }) }] });
      const row = await until(() => h.db.selectFrom('weather_readings').select('written_at').where('station', '=', station).where('observed_at', '=', observedAt).executeTakeFirst(), 30_000, 'the latency row');
      if (i >= 5) latencies.push(Date.parse(row.written_at) - sent); // the first few warm up
    }
    await p.close();
    return { eventsPerSecond, events: events - first, latencies };
  } finally {
    await stop(children);
    await h.close();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length) await admin.deleteTopics({ topics }).catch(() => {});
    const groups = [...(await admin.listGroups()).keys()].filter((g) => g.startsWith(prefix));
    if (groups.length) await admin.deleteGroups({ groups }).catch(() => {});
    await admin.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const benchCase: BenchCase = {
  name: 'pipeline',
  description: 'weather pipeline: raw → exactly-once processor → DB writer (SQLite), backlog throughput with 1 and 2 processor instances; produce-to-row latency',
  target: 'throughput with 2 instances ≥ 1 instance; produce-to-row p50 < 1 s',
  async run(ctx: Ctx): Promise<Result> {
    const one = await runOnce(ctx, 1);
    const two = await runOnce(ctx, 2);
    const ratio = two.eventsPerSecond / one.eventsPerSecond;
    return {
      metrics: [
        { name: 'raw → database, 1 processor', unit: 'events/s', samples: [one.eventsPerSecond], better: 'higher' },
        { name: 'raw → database, 2 processors', unit: 'events/s', samples: [two.eventsPerSecond], better: 'higher' },
        { name: 'produce → row (1 processor, idle)', unit: 'ms', samples: one.latencies, better: 'lower' },
        { name: 'produce → row (2 processors, idle)', unit: 'ms', samples: two.latencies, better: 'lower' },
      ],
      comparisons: [{ name: 'throughput, 2 processors vs 1', subject: '2 processors', baseline: '1 processor', ratio, target: '>= 1.0', met: ratio >= 1 }],
      notes: [
        `${one.events} events per run (4 years × 2 NOAA stations, hourly normals every 3 h, 3 synthetic stations), one process per role, 4 partitions`,
        'one database writer in both runs: with SQLite the writer, not the processors, bounds end-to-end throughput',
        'latency = written_at of the row (writer clock) − the moment before send (same machine)',
      ],
    };
  },
};
export default benchCase;
