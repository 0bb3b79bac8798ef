import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Curve } from './lib/curves';
import { fmt, summarize, type Summary } from './stats';

/**
 * The benchmark harness: each case in bench/cases/ measures something and, wherever the
 * question allows, a baseline in the same run (kcat, raw KafkaJS, a bare HTTP server), so a
 * figure is read as a ratio on a shared, noisy machine rather than as an absolute.
 */
export interface Metric {
  name: string;
  unit: string;
  samples: number[];
  better?: 'lower' | 'higher';
}

export interface Comparison {
  name: string;
  subject: string;
  baseline: string;
  /** subject / baseline, of the medians unless the case says otherwise. */
  ratio: number;
  target?: string;
  met?: boolean;
}

export interface BenchResult {
  metrics: Metric[];
  comparisons?: Comparison[];
  notes?: string[];
  /** How a figure grows with a scale point (the scale case), drawn as tables and charts. */
  curves?: Curve[];
}

export interface BenchContext {
  /** The production console server under test. */
  baseUrl: string;
  /** Bootstrap servers of the cluster under test. */
  brokers: string;
  /** A unique prefix for topics/groups the case creates (and must delete). */
  tmpPrefix: string;
  log(message: string): void;
  /** Calls fn `warmup` times unmeasured, then `repeats` times; returns each call's ms. */
  timed(fn: () => Promise<unknown>, opts?: { warmup?: number; repeats?: number }): Promise<number[]>;
  /** fetch() against the console with whatever credentials it needs. */
  fetch(pathname: string, init?: RequestInit): Promise<Response>;
  /** Runs kcat against the cluster; resolves with stdout. */
  kcat(args: string[], input?: string | Buffer): Promise<string>;
}

export interface BenchCase {
  name: string;
  description: string;
  target: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}

export interface CaseReport {
  case: string;
  description: string;
  target: string;
  date: string;
  durationMs: number;
  machine: ReturnType<typeof machineInfo>;
  versions: Record<string, string>;
  metrics: (Metric & Summary)[];
  comparisons: Comparison[];
  notes: string[];
  curves?: Curve[];
  error?: string;
}

const run = promisify(execFile);

export function machineInfo() {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export async function versions(root: string): Promise<Record<string, string>> {
  const pkgVersion = (name: string) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version as string;
    } catch {
      return 'missing';
    }
  };
  const pom = fs.readFileSync(path.join(root, 'kafka', 'pom.xml'), 'utf8');
  let kcatVersion = 'missing';
  try {
    const { stdout } = await run('kcat', ['-V']);
    kcatVersion = /Version ([^\s]+)/.exec(stdout)?.[1] ?? stdout.split('\n')[0]!;
  } catch {
    // kcat not installed
  }
  return {
    riffle: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version,
    next: pkgVersion('next'),
    platformaticKafka: pkgVersion('@platformatic/kafka'),
    kafka: /<kafka\.version>([^<]+)</.exec(pom)?.[1] ?? 'unknown',
    kcat: kcatVersion,
  };
}

export function makeContext(opts: { baseUrl: string; brokers: string; headers?: Record<string, string>; caseName: string }): BenchContext {
  const prefix = `bench-${opts.caseName}-${Date.now().toString(36)}`;
  return {
    baseUrl: opts.baseUrl,
    brokers: opts.brokers,
    tmpPrefix: prefix,
    log: (m) => console.log(`  [${opts.caseName}] ${m}`),
    async timed(fn, { warmup = 3, repeats = 20 } = {}) {
      for (let i = 0; i < warmup; i++) await fn();
      const samples: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const t = performance.now();
        await fn();
        samples.push(performance.now() - t);
      }
      return samples;
    },
    fetch: (pathname, init = {}) =>
      fetch(`${opts.baseUrl}${pathname}`, { ...init, headers: { ...(opts.headers ?? {}), ...((init.headers as Record<string, string>) ?? {}) } }),
    kcat: (args, input) =>
      new Promise((resolve, reject) => {
        const child = spawn('kcat', ['-b', opts.brokers, ...args]);
        const out: Buffer[] = [];
        let err = '';
        child.stdout.on('data', (d: Buffer) => out.push(d));
        child.stderr.on('data', (d) => (err += d));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out).toString()) : reject(new Error(`kcat exited ${code}: ${err.slice(-500)}`))));
        child.stdin.end(input ?? '');
      }),
  };
}

export function toReport(c: BenchCase, result: BenchResult | null, meta: { started: number; versions: Record<string, string>; error?: string }): CaseReport {
  return {
    case: c.name,
    description: c.description,
    target: c.target,
    date: new Date().toISOString(),
    durationMs: Math.round(performance.now() - meta.started),
    machine: machineInfo(),
    versions: meta.versions,
    metrics: (result?.metrics ?? []).map((m) => ({ ...m, ...summarize(m.samples) })),
    comparisons: result?.comparisons ?? [],
    notes: result?.notes ?? [],
    ...(result?.curves ? { curves: result.curves } : {}),
    ...(meta.error ? { error: meta.error } : {}),
  };
}

/** The Markdown summary printed at the end of `npm run bench`. */
export function markdownTable(reports: CaseReport[]): string {
  const lines = [
    '| case | metric | median | p95 | p99 | unit | n |',
    '|---|---|---:|---:|---:|---|---:|',
  ];
  for (const r of reports) {
    if (r.error) lines.push(`| ${r.case} | **failed**: ${r.error.replace(/\|/g, '/').slice(0, 120)} | | | | | |`);
    for (const m of r.metrics) {
      lines.push(`| ${r.case} | ${m.name} | ${fmt(m.median)} | ${fmt(m.p95)} | ${fmt(m.p99)} | ${m.unit} | ${m.count} |`);
    }
  }
  const comparisons = reports.flatMap((r) => r.comparisons.map((c) => ({ ...c, case: r.case })));
  if (comparisons.length) {
    lines.push('', '| case | comparison | subject / baseline | ratio | target | met |', '|---|---|---|---:|---|---|');
    for (const c of comparisons) {
      lines.push(`| ${c.case} | ${c.name} | ${c.subject} / ${c.baseline} | ${fmt(c.ratio)} | ${c.target ?? ''} | ${c.met === undefined ? '' : c.met ? 'yes' : '**no**'} |`);
    }
  }
  const notes = reports.flatMap((r) => r.notes.map((n) => `- ${r.case}: ${n}`));
  if (notes.length) lines.push('', ...notes);
  return lines.join('\n');
}
