import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '@/lib/server/db/db';
import type { PipelineReport } from '@/lib/contracts/pipeline';
import { api, waitFor } from '../helpers/api';
import { kcat } from '../helpers/kcat';
import { freshPostgres } from '../helpers/pg';
import { counts, expectAggregatesMatchCsv, expectEveryObservationOnce, STATIONS } from './checks';
import { cleanupPrefix, endOffsetSum, expectedDays, kill9, ROOT, spawnPipeline, stopAll, tail, type PipelineProc } from './harness';

// A bounded replay: half a year of both stations, hourly normals every 6 hours.
const FROM = '2012-01-01';
const TO = '2012-06-30';
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
const days = expectedDays(FROM, TO);

async function pipelineReport(prefix: string): Promise<PipelineReport> {
  const r = await api<PipelineReport>('GET', `/api/pipeline?cluster=local&prefix=${encodeURIComponent(prefix)}`);
  expect(r.status).toBe(200);
  return r.body;
}

interface Scenario {
  kind: 'sqlite' | 'postgres';
  env: Record<string, string | undefined>;
  open: () => Promise<DbHandle>;
  /** the console reads this database too: check the summary through the HTTP API */
  viaApi: boolean;
  /** makes the database unreachable for the writer, and back */
  outage?: { start: () => Promise<void>; end: () => Promise<void> };
}

async function runScenario(s: Scenario) {
  const prefix = `t6-${RUN}-${s.kind}-`;
  const common = [`--prefix=${prefix}`, '--partitions=4'];
  const procs: PipelineProc[] = [];
  const start = (name: string, args: string[]) => {
    const p = spawnPipeline(`${prefix}${name}`, [...common, ...args], s.env);
    procs.push(p);
    return p;
  };
  const h = await s.open();
  try {
    let writer = start('writer', ['--roles=writer', '--instance=w1']);
    let p1 = start('p1', ['--roles=processor', '--instance=p1']);
    start('p2', ['--roles=processor', '--instance=p2']);
    const producerArgs = ['--roles=producer', '--instance=src', `--from=${FROM}`, `--to=${TO}`, '--speed=10', '--normals-every=6', '--synthetic=0', `--station-prefix=${prefix}`];
    let producer = start('producer', producerArgs);

    // Producer controls through the console: pause, see it paused, resume at another speed.
    await waitFor(async () => (await pipelineReport(prefix)).processes.some((p) => p.role === 'producer' && !p.stale), { timeoutMs: 60_000, what: 'the producer to report its status' });
    const paused = await api('POST', `/api/pipeline/producer?cluster=local&prefix=${prefix}`, { paused: true });
    expect(paused.status).toBe(200);
    await waitFor(async () => (await pipelineReport(prefix)).processes.find((p) => p.role === 'producer')?.state === 'paused', { timeoutMs: 20_000, what: 'producer paused' });
    const resumed = await api<{ paused: boolean; speedDaysPerSecond: number }>('POST', `/api/pipeline/producer?cluster=local&prefix=${prefix}`, { paused: false, speedDaysPerSecond: 12 });
    expect(resumed.body).toMatchObject({ paused: false, speedDaysPerSecond: 12 });
    await waitFor(async () => (await pipelineReport(prefix)).processes.find((p) => p.role === 'producer')?.detail.speedDaysPerSecond === 12, { timeoutMs: 20_000, what: 'producer at 12 days/s' });

    // Mid-stream: another client writes a malformed and an implausible event.
    await waitFor(async () => (await endOffsetSum(`${prefix}weather.raw`)) >= 100, { timeoutMs: 60_000, what: 'raw events' });
    const key = `${prefix}Seattle`;
    const implausible = JSON.stringify({ v: 1, kind: 'daily', station: key, observedAt: '2013-01-01T00:00:00.000Z', source: 'kcat', precipitationMm: 0, tempMaxC: 99, tempMinC: 1, windMs: 1, condition: 'sun' });
    await kcat(['-P', '-t', `${prefix}weather.raw`, '-K', '\t'], `${key}\t{"v":1,"kind":"daily","station":\n${key}\t${implausible}\n`);

    // kill -9 a processor mid-stream and start it again.
    await kill9(p1);
    p1 = start('p1-restarted', ['--roles=processor', '--instance=p1']);

    // kill -9 the database writer mid-stream and start it again.
    await waitFor(async () => ((await counts(h, prefix)).daily ?? 0) >= 80, { timeoutMs: 90_000, what: 'rows in the database' });
    await kill9(writer);
    writer = start('writer-restarted', ['--roles=writer', '--instance=w1']);

    // kill -9 the producer mid-stream: the restarted one replays from the start.
    await waitFor(async () => (await endOffsetSum(`${prefix}weather.raw`)) >= 500, { timeoutMs: 90_000, what: 'more raw events' });
    await kill9(producer);
    producer = start('producer-restarted', producerArgs);

    if (s.outage) {
      await waitFor(async () => (await pipelineReport(prefix)).processes.some((p) => p.role === 'db-writer' && !p.stale && p.state === 'running'), { timeoutMs: 60_000, what: 'the restarted writer running' });
      await s.outage.start();
      await waitFor(async () => (await pipelineReport(prefix)).processes.some((p) => p.role === 'db-writer' && p.state === 'db-unavailable'), { timeoutMs: 60_000, what: 'the writer to report the database unreachable' });
      const during = await pipelineReport(prefix);
      expect(during.groups.find((g) => g.role === 'db-writer')!.members).toBeGreaterThan(0);
      await waitFor(async () => ((await pipelineReport(prefix)).groups.find((g) => g.role === 'db-writer')!.lag ?? 0) > 0, { timeoutMs: 30_000, what: 'writer lag while the database is down' });
      await s.outage.end();
    }

    // After the replay ends, the database holds every observation exactly once.
    await expectEveryObservationOnce(h, prefix, days, 150_000);

    // Monthly summaries and window aggregates equal those computed straight from the CSV.
    const monthly = await expectAggregatesMatchCsv(h, prefix, days);
    if (s.viaApi) {
      for (const station of STATIONS) {
        const viaApi = await api<{ rows: unknown[] }>('GET', `/api/weather/summary?station=${encodeURIComponent(`${prefix}${station}`)}&bucket=month`);
        expect(viaApi.status).toBe(200);
        expect(viaApi.body.rows).toEqual(monthly.get(station));
      }
    }

    // The malformed and the implausible event are in the DLQ, each with its reason (read by kcat).
    const dlq = (await kcat(['-C', '-t', `${prefix}weather.dlq`, '-e', '-J', '-X', 'isolation.level=read_committed', '-q']))
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { key: string; headers?: string[] });
    const reasons = dlq.map((m) => {
      const hs = m.headers ?? [];
      return hs[hs.indexOf('riffle.dlq.reason') + 1];
    });
    expect(reasons).toContain('value is not valid JSON');
    expect(reasons.some((r) => r?.startsWith('range: tempMaxC 99'))).toBe(true);
    expect(dlq).toHaveLength(2);

    // The console shows the topology, the groups and the DLQ count for this pipeline.
    const report = await pipelineReport(prefix);
    expect(report.topology.nodes.map((n) => n.kind)).toEqual(['source', 'split', 'sink', 'map', 'sink', 'filter', 'window-aggregate', 'sink']);
    expect(report.groups.map((g) => g.groupId).sort()).toEqual([`${prefix}weather-db-writer`, `${prefix}weather-processor`]);
    expect(report.groups.find((g) => g.role === 'processor')!.members).toBe(2);
    expect(report.dlqCount).toBeGreaterThanOrEqual(2);
    expect(report.processes.filter((p) => p.role === 'processor' && !p.stale).map((p) => p.instance).sort()).toEqual(['p1', 'p2']);
    const totalDuplicates = report.processes.filter((p) => p.role === 'processor').reduce((n, p) => n + (p.counters.duplicates ?? 0), 0);
    expect(totalDuplicates).toBeGreaterThan(0); // the restarted producer's replay was recognised
  } catch (err) {
    for (const p of procs) console.error(`--- ${p.name} (${p.log})\n${tail(p)}`);
    throw err;
  } finally {
    await stopAll(procs);
    await h.db.deleteFrom('weather_readings').where('station', 'like', `${prefix}%`).execute().catch(() => {});
    await h.db.deleteFrom('weather_windows').where('station', 'like', `${prefix}%`).execute().catch(() => {});
    await h.close();
    await cleanupPrefix(prefix);
  }
}

describe('the weather pipeline end to end', () => {
  let pgDb: Awaited<ReturnType<typeof freshPostgres>>;
  beforeAll(async () => {
    pgDb = await freshPostgres('riffle_t6');
  });
  afterAll(async () => {
    await pgDb?.drop();
  });

  it('on SQLite: exactly once through kill -9 of processor, writer and producer; DLQ; summaries equal the CSV', async () => {
    // The console's own database (SQLite by default), so the HTTP API is checked as well.
    const consoleDb = !process.env.DATABASE_URL;
    const file = consoleDb ? path.join(ROOT, '.data', 'riffle.db') : path.join(fs.mkdtempSync(path.join(os.tmpdir(), 't6-')), 'weather.db');
    await runScenario({ kind: 'sqlite', env: { DATABASE_URL: '', WEATHER_SQLITE_FILE: file }, open: () => openDatabase({ sqliteFile: file }), viaApi: consoleDb });
  }, 420_000);

  it('on PostgreSQL: the same, plus a database outage the writer waits out', async () => {
    const name = new URL(pgDb.url).pathname.slice(1);
    const admin = async (q: string) => {
      const c = new pg.Client({ connectionString: process.env.RIFFLE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
      await c.connect();
      try {
        await c.query(q);
      } finally {
        await c.end();
      }
    };
    await runScenario({
      kind: 'postgres',
      env: { DATABASE_URL: pgDb.url },
      open: () => openDatabase({ url: pgDb.url }),
      viaApi: false,
      outage: {
        start: async () => {
          await admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
          await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
        },
        end: () => admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`),
      },
    });
  }, 420_000);
});

describe('weather and pipeline APIs refuse bad input', () => {
  it('answers 400 with the field', async () => {
    for (const [path, field] of [
      ['/api/weather/summary', 'station'],
      ['/api/weather/summary?station=Seattle&bucket=year', 'bucket'],
      ['/api/weather/readings?station=Seattle&limit=0', 'limit'],
      ['/api/weather/readings?station=Seattle&after=yesterday', 'after'],
      ['/api/weather/windows?station=', 'station'],
      ['/api/pipeline?prefix=bad%20prefix', 'prefix'],
    ] as const) {
      const r = await api<{ error: { code: string; field?: string } }>('GET', path);
      expect(r.status, path).toBe(400);
      expect(r.body.error.field, path).toBe(field);
    }
    const none = await api<{ error: { field?: string } }>('POST', '/api/pipeline/producer?cluster=local', {});
    expect(none.status).toBe(400);
    const slow = await api<{ error: { field?: string } }>('POST', '/api/pipeline/producer?cluster=local', { speedDaysPerSecond: 0 });
    expect(slow.status).toBe(400);
    expect(slow.body.error.field).toBe('speedDaysPerSecond');
    const unknown = await api('GET', '/api/pipeline?cluster=nope');
    expect(unknown.status).toBe(404);
    const missing = await api<{ error: { code: string } }>('POST', `/api/pipeline/producer?cluster=local&prefix=t6-${RUN}-absent-`, { paused: true });
    expect(missing.status).toBe(404);
  });

  it('lists stations and answers an unknown station with an empty summary', async () => {
    const st = await api<{ stations: unknown[]; database: string }>('GET', '/api/weather/stations');
    expect(st.status).toBe(200);
    expect(['sqlite', 'postgres']).toContain(st.body.database);
    const none = await api<{ rows: unknown[] }>('GET', `/api/weather/summary?station=t6-${RUN}-none&bucket=day`);
    expect(none.status).toBe(200);
    expect(none.body.rows).toEqual([]);
  });

  it('keeps the migration registered', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 't6-mig-')), 'x.db');
    const h = await openDatabase({ sqliteFile: file });
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(h.db);
    expect(applied.rows.map((r) => r.name)).toContain('201-weather');
    await h.close();
  });
});
