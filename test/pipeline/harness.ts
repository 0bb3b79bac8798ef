import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TestAdmin } from '../helpers/kafka-admin';
import { BOOTSTRAP } from '../helpers/kcat';

export const ROOT = path.resolve(__dirname, '../..');

export interface PipelineProc {
  name: string;
  child: ChildProcess;
  log: string;
}

/** Starts one pipeline process (`npm run pipeline` with options) as a child, logging to a file. */
export function spawnPipeline(name: string, args: string[], env: Record<string, string | undefined> = {}): PipelineProc {
  const log = path.join('/tmp', `${name}-${Date.now()}.log`);
  const out = fs.openSync(log, 'a');
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, KAFKA_BROKERS: BOOTSTRAP, ...env })) if (v !== undefined) childEnv[k] = v;
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'lib/pipeline/run.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', out, out],
    env: childEnv as NodeJS.ProcessEnv,
  });
  fs.closeSync(out);
  return { name, child, log };
}

export function kill9(p: PipelineProc): Promise<void> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
    p.child.once('exit', () => resolve());
    p.child.kill('SIGKILL');
  });
}

export async function stopAll(procs: PipelineProc[]): Promise<void> {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
          const t = setTimeout(() => p.child.kill('SIGKILL'), 5_000);
          p.child.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
          p.child.kill('SIGTERM');
        }),
    ),
  );
}

export function tail(p: PipelineProc, n = 2_000): string {
  try {
    return fs.readFileSync(p.log, 'utf8').slice(-n);
  } catch {
    return '';
  }
}

/** Deletes every topic and consumer group whose name starts with the prefix. */
export async function cleanupPrefix(prefix: string, brokers = [BOOTSTRAP]): Promise<void> {
  const admin = new TestAdmin('t6-test', brokers.join(','));
  try {
    await admin.deleteTopics((await admin.listTopics()).filter((t) => t.startsWith(prefix))).catch(() => {});
    const groups = (await admin.admin.listGroups()).keys();
    await admin.deleteGroups([...groups].filter((g) => g.startsWith(prefix)));
  } finally {
    await admin.close();
  }
}

export async function endOffsetSum(topic: string): Promise<number> {
  const admin = new TestAdmin('t6-test');
  try {
    return (await admin.topicOffsets(topic)).reduce((s, o) => s + o.high, 0);
  } catch {
    return 0;
  } finally {
    await admin.close();
  }
}

/**
 * Expected values computed straight from data/weather/weather.csv, with parsing of its own (not
 * the pipeline's), for the dates [from, to].
 */
export interface ExpectedDay {
  station: string;
  date: string;
  precip: number;
  tmax: number;
  tmin: number;
  wind: number;
}

export function expectedDays(from: string, to: string): ExpectedDay[] {
  const text = fs.readFileSync(path.join(ROOT, 'data/weather/weather.csv'), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [station, date, precip, tmax, tmin, wind] = line.trim().split(',');
      return { station: station!, date: date!, precip: parseFloat(precip!), tmax: parseFloat(tmax!), tmin: parseFloat(tmin!), wind: parseFloat(wind!) };
    })
    .filter((d) => d.date >= from && d.date <= to);
}

export interface ExpectedMonth {
  period: string;
  days: number;
  meanTempMaxC: number;
  meanTempMinC: number;
  totalPrecipitationMm: number;
  meanWindMs: number;
}

export function expectedMonths(days: ExpectedDay[], station: string): ExpectedMonth[] {
  const by = new Map<string, ExpectedDay[]>();
  for (const d of days.filter((x) => x.station === station)) by.set(d.date.slice(0, 7), [...(by.get(d.date.slice(0, 7)) ?? []), d]);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, ds]) => ({
      period,
      days: ds.length,
      meanTempMaxC: mean(ds.map((d) => d.tmax)),
      meanTempMinC: mean(ds.map((d) => d.tmin)),
      totalPrecipitationMm: ds.reduce((a, d) => a + d.precip, 0),
      meanWindMs: mean(ds.map((d) => d.wind)),
    }));
}

export interface ExpectedWindow {
  windowStart: string;
  count: number;
  tempMinC: number;
  tempMaxC: number;
  precipitationMm: number;
  windMeanMs: number;
}

/** 7-day tumbling windows aligned to the epoch (1970-01-01), like Kafka Streams' TimeWindows. */
export function expectedWindows(days: ExpectedDay[], station: string): ExpectedWindow[] {
  const week = 7 * 86_400_000;
  const by = new Map<number, ExpectedDay[]>();
  for (const d of days.filter((x) => x.station === station)) {
    const start = Math.floor(Date.parse(`${d.date}T00:00:00Z`) / week) * week;
    by.set(start, [...(by.get(start) ?? []), d]);
  }
  return [...by.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, ds]) => ({
      windowStart: new Date(start).toISOString(),
      count: ds.length,
      tempMinC: Math.min(...ds.map((d) => d.tmin)),
      tempMaxC: Math.max(...ds.map((d) => d.tmax)),
      precipitationMm: ds.reduce((a, d) => a + d.precip, 0),
      windMeanMs: ds.reduce((a, d) => a + d.wind, 0) / ds.length,
    }));
}
