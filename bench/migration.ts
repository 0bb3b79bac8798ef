/**
 * Writes docs/BENCHMARKS-MIGRATION.md: every case of one `npm run bench` on the last KafkaJS
 * commit beside one on @platformatic/kafka, run back to back on the same machine.
 *   node --import tsx bench/migration.ts <before results dir> <after results dir>
 * Metrics and comparisons are matched by name; a baseline that changed with the client (a raw
 * KafkaJS consumer then, a raw @platformatic/kafka consumer now) shows on its own row.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CaseReport } from './harness';
import { fmt } from './stats';

const [beforeDir, afterDir] = process.argv.slice(2);
if (!beforeDir || !afterDir) {
  console.error('usage: node --import tsx bench/migration.ts <before results dir> <after results dir>');
  process.exit(2);
}

function load(dir: string): Map<string, CaseReport> {
  return new Map(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CaseReport)
      .map((r) => [r.case, r]),
  );
}

const before = load(beforeDir);
const after = load(afterDir);
const cases = [...new Set([...before.keys(), ...after.keys()])].sort();
const client = (r: CaseReport | undefined) => (!r ? '—' : r.versions.platformaticKafka ? `@platformatic/kafka ${r.versions.platformaticKafka}` : `KafkaJS ${r.versions.kafkajs}`);
const when = (r: CaseReport | undefined) => (!r ? '—' : `${r.date.slice(0, 16).replace('T', ' ')} UTC, Node ${r.machine.node}, load ${r.machine.loadavg[0]}`);
const change = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || a === 0 ? '' : `${fmt(b / a)}×`);

const lines: string[] = [
  '# Benchmarks before and after the move to @platformatic/kafka',
  '',
  'Each case of `npm run bench`, run on the last KafkaJS commit (69d8957, Node 20) and on the',
  '@platformatic/kafka one (Node 24), one after the other on the same machine, each on a fresh',
  'local cluster (`KAFKA_PORT_OFFSET=7000`). Medians; "after / before" below 1 is faster or',
  'smaller. Baselines that are themselves a Kafka client changed with the move (a raw KafkaJS',
  'consumer before, a raw @platformatic/kafka consumer after): read a case\'s ratios against its own',
  'run. Regenerate: `node --import tsx bench/migration.ts <before results dir> <after results dir>`.',
  '',
];

for (const name of cases) {
  const b = before.get(name);
  const a = after.get(name);
  lines.push(`## ${name}`, '', `Before: ${client(b)}, ${when(b)}. After: ${client(a)}, ${when(a)}.`, '');
  if (b?.error || a?.error) lines.push(`**Failed:** ${[b?.error && `before: ${b.error}`, a?.error && `after: ${a.error}`].filter(Boolean).join('; ')}`, '');
  const metrics = [...new Set([...(b?.metrics ?? []).map((m) => m.name), ...(a?.metrics ?? []).map((m) => m.name)])];
  if (metrics.length) {
    lines.push('| metric | unit | before | after | after / before |', '|---|---|---:|---:|---:|');
    for (const m of metrics) {
      const mb = b?.metrics.find((x) => x.name === m);
      const ma = a?.metrics.find((x) => x.name === m);
      lines.push(`| ${m} | ${(ma ?? mb)!.unit} | ${mb ? fmt(mb.median) : '—'} | ${ma ? fmt(ma.median) : '—'} | ${change(mb?.median, ma?.median)} |`);
    }
    lines.push('');
  }
  const comparisons = [...new Set([...(b?.comparisons ?? []).map((c) => c.name), ...(a?.comparisons ?? []).map((c) => c.name)])];
  if (comparisons.length) {
    lines.push('| comparison | target | before | after |', '|---|---|---:|---:|');
    for (const c of comparisons) {
      const cb = b?.comparisons.find((x) => x.name === c);
      const ca = a?.comparisons.find((x) => x.name === c);
      const cell = (x: typeof cb) => (x ? `${fmt(x.ratio)}${x.met === false ? ' (**missed**)' : ''}` : '—');
      lines.push(`| ${c} (${(ca ?? cb)!.subject} / ${(ca ?? cb)!.baseline}) | ${(ca ?? cb)!.target ?? ''} | ${cell(cb)} | ${cell(ca)} |`);
    }
    lines.push('');
  }
}

const out = path.resolve(__dirname, '..', 'docs', 'BENCHMARKS-MIGRATION.md');
fs.writeFileSync(out, `${lines.join('\n').replace(/\n+$/, '')}\n`);
console.log(`wrote ${path.relative(process.cwd(), out)}: ${cases.length} cases`);
