/**
 * Writes docs/BENCHMARKS.md from bench/results/*.json: each case, what it measures, its
 * target, the latest figures with date and machine, and how to reproduce.
 *   node --import tsx bench/report.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CaseReport } from './harness';
import { caseSections, mergeSections } from './lib/report-sections';
import { fmt } from './stats';

const root = path.resolve(__dirname, '..');
const dir = path.join(__dirname, 'results');
const page = path.join(root, 'docs', 'BENCHMARKS.md');
const reports = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CaseReport)
  .sort((a, b) => a.case.localeCompare(b.case));

const header: string[] = [
  '# Benchmarks',
  '',
  'Every figure sits next to a baseline measured in the same run on the same machine (kcat, a raw',
  'KafkaJS client, or a bare Node HTTP server), because the machines here are shared and noisy: read',
  'the ratios, not the absolutes. Timings are never asserted in tests; the harness itself is tested',
  '(`bench/stats.test.ts`).',
  '',
  '## Reproduce',
  '',
  '```sh',
  'npm run bench                    # every case; starts the local cluster and a production build if needed',
  'npm run bench -- tail-throughput # one case',
  'node --import tsx bench/report.ts  # regenerate this page from bench/results/*.json',
  '```',
  '',
  'Knobs: `BENCH_TOPICS`, `BENCH_TOPIC_PARTITIONS` (topics-list), `BENCH_TAIL_MESSAGES` (tail-throughput),',
  '`BENCH_FANOUT_CLIENTS`, `BENCH_FANOUT_RATE`, `BENCH_FANOUT_SECONDS` (tail-fanout; `BENCH_FANOUT_FULL=1` is the',
  'load test of 200 clients × 2,000 msg/s × 60 s), `BENCH_LATENCY_RATE`, `BENCH_LATENCY_SECONDS` (tail-latency),',
  '`BENCH_LONGTASK_RATE`, `BENCH_LONGTASK_SECONDS`, `BENCH_LONGTASK_IDLE_SECONDS` (tail-longtasks). The browser',
  'cases use Debian\'s Chromium (`CHROMIUM_PATH`, default `/usr/bin/chromium`).',
  '',
  'This page keeps the section of every case that has no results file in `bench/results/` (a run of',
  'some cases replaces only theirs).',
  '',
  '## Status of the latest figures',
  '',
  'Every case below comes from one full `KAFKA_PORT_OFFSET=7000 npm run bench` on 2026-11-25 (22:16 UTC,',
  '419 s of cases, load average about 1 on the 2-core machine), except two re-run at 22:28 with',
  '`npm run bench -- tail-throughput cold-start`: cold start, whose first sample in the full run',
  'included a rebuild (a source file had changed), and tail throughput, run three times that evening',
  'on the quiet machine with riffle / raw KafkaJS medians of 0.96, 1.08 and 0.85 (single rounds',
  '0.73 to 1.2); the page shows the last. Three readings at 0.73 to 0.79 under load 2 to 6 came earlier.',
  '',
  'The overview case was re-run on 2026-11-26 (00:25 UTC, load 0.8; a different machine, an AMD',
  'EPYC, where the rest ran on an Intel Xeon) after the overview stopped re-reading the read-only',
  'broker configs on every poll and the case began interleaving its subjects. (riffle − floor) /',
  'KafkaJS gave 1.57 here and 1.66, 2.04, 2.01 in three runs before: the target of 2 is met in two',
  'runs of four and missed by a hair in the others. The same interleaved case with the cache turned',
  'off gave 2.31, 2.25 and 2.82. What is left is Next.js\'s own cost around the handler: the',
  'overview function takes about 0.85 ms called directly and 1.6 ms inside the route.',
  '',
  'The load test of issue 8 is not in the default run (it adds a minute): `BENCH_FANOUT_FULL=1 npm run',
  'bench -- tail-fanout` on the same day gave, for 200 SSE clients on one topic at 2,000 msg/s for',
  '60 s: 119,966 produced (1,999 msg/s); every one of the 200 clients accounted for (119,925',
  'delivered plus 41 reported in `dropped` events each); server peak RSS 495 MiB (median 361 MiB);',
  'server CPU 34 s over 60 s (56 % of one core).',
  '',
];

const fresh = new Map<string, string>();
for (const r of reports) {
  const lines: string[] = [];
  lines.push(`## ${r.case}`, '', r.description, '', `Target: ${r.target}`, '');
  lines.push(
    `Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC on ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, load ${r.machine.loadavg.join(' / ')}; ` +
      `Kafka ${r.versions.kafka}, ${r.versions.platformaticKafka ? `@platformatic/kafka ${r.versions.platformaticKafka}` : `KafkaJS ${r.versions.kafkajs}`}, Next.js ${r.versions.next}, kcat ${/^\d/.test(r.versions.kcat ?? '') ? r.versions.kcat : '1.7'}; ${(r.durationMs / 1000).toFixed(0)} s.`,
    '',
  );
  if (r.error) lines.push(`**Failed:** ${r.error}`, '');
  if (r.metrics.length) {
    lines.push('| metric | median | p95 | p99 | unit | n |', '|---|---:|---:|---:|---|---:|');
    for (const m of r.metrics) lines.push(`| ${m.name} | ${fmt(m.median)} | ${fmt(m.p95)} | ${fmt(m.p99)} | ${m.unit} | ${m.count} |`);
    lines.push('');
  }
  if (r.comparisons.length) {
    lines.push('| comparison | subject / baseline | ratio | target | met |', '|---|---|---:|---|---|');
    for (const c of r.comparisons) lines.push(`| ${c.name} | ${c.subject} / ${c.baseline} | ${fmt(c.ratio)} | ${c.target ?? ''} | ${c.met === undefined ? '' : c.met ? 'yes' : '**no**'} |`);
    lines.push('');
  }
  for (const n of r.notes) lines.push(`- ${n}`);
  fresh.set(r.case, lines.join('\n').replace(/\s+$/, ''));
}

const old = fs.existsSync(page) ? caseSections(fs.readFileSync(page, 'utf8'), ['Reproduce', 'Status of the latest figures']) : new Map<string, string>();
const sections = mergeSections(fresh, old);
fs.writeFileSync(page, `${header.join('\n')}\n${sections.join('\n\n')}\n`);
console.log(`wrote docs/BENCHMARKS.md: ${fresh.size} sections from result files, ${sections.length - fresh.size} kept from the page`);
