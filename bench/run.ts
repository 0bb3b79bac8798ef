/**
 * Runs benchmark cases in this process. Started by scripts/bench.mjs, which provides the
 * cluster and the production server (BENCH_BASE_URL, BENCH_BROKERS).
 *   node --conditions=react-server --import tsx bench/run.ts [case ...]
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeContext, markdownTable, toReport, versions, type BenchCase, type CaseReport } from './harness';

const root = path.resolve(__dirname, '..');
const casesDir = path.join(__dirname, 'cases');
const resultsDir = path.join(__dirname, 'results');

async function loadCases(): Promise<BenchCase[]> {
  const files = fs.readdirSync(casesDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
  const cases: BenchCase[] = [];
  for (const f of files) {
    const mod = (await import(path.join(casesDir, f))) as { default: BenchCase | { default: BenchCase } };
    // tsx's CommonJS interop may wrap the default export once more.
    const c = 'run' in mod.default ? mod.default : mod.default.default;
    cases.push(c);
  }
  // Cold start stops and starts things: it goes last.
  return cases.sort((a, b) => Number(a.name === 'cold-start') - Number(b.name === 'cold-start'));
}

const ON_REQUEST = new Set(['scale']);

async function main() {
  // `--name=value` options reach the cases as BENCH_ARG_NAME (e.g. `scale --points=1000,5000`).
  const args = process.argv.slice(2);
  for (const a of args.filter((x) => x.startsWith('--'))) {
    const [k, ...v] = a.slice(2).split('=');
    process.env[`BENCH_ARG_${k!.toUpperCase().replace(/-/g, '_')}`] = v.length ? v.join('=') : '1';
  }
  const wanted = args.filter((x) => !x.startsWith('--'));
  const all = await loadCases();
  const unknown = wanted.filter((w) => !all.some((c) => c.name === w));
  if (unknown.length) {
    console.error(`bench: no case named ${unknown.join(', ')}; cases: ${all.map((c) => c.name).join(', ')}`);
    process.exit(2);
  }
  // `scale` needs its own cluster and many minutes: it runs only when named.
  const selected = wanted.length ? all.filter((c) => wanted.includes(c.name)) : all.filter((c) => !ON_REQUEST.has(c.name));
  const baseUrl = process.env.BENCH_BASE_URL ?? 'http://127.0.0.1:3000';
  const brokers = process.env.BENCH_BROKERS ?? '127.0.0.1:9092';
  const headers = process.env.BENCH_AUTH_HEADER ? { authorization: process.env.BENCH_AUTH_HEADER } : undefined;
  const v = await versions(root);
  fs.mkdirSync(resultsDir, { recursive: true });

  const reports: CaseReport[] = [];
  for (const c of selected) {
    console.log(`\nbench: ${c.name} — ${c.description}`);
    const started = performance.now();
    let report: CaseReport;
    try {
      const result = await c.run(makeContext({ baseUrl, brokers, headers, caseName: c.name }));
      report = toReport(c, result, { started, versions: v });
    } catch (err) {
      console.error(`bench: ${c.name} failed:`, err);
      report = toReport(c, null, { started, versions: v, error: (err as Error).message });
    }
    fs.writeFileSync(path.join(resultsDir, `${c.name}.json`), JSON.stringify(report, null, 2));
    reports.push(report);
    console.log(`bench: ${c.name} done in ${(report.durationMs / 1000).toFixed(1)} s`);
  }
  const table = markdownTable(reports);
  fs.writeFileSync(path.join(resultsDir, 'summary.md'), `${table}\n`);
  console.log(`\n${table}\n`);
  process.exit(reports.some((r) => r.error) ? 1 : 0);
}

void main();
