/**
 * Writes docs/BENCHMARKS.md from bench/results/*.json: each case, what it measures, its
 * target, the latest figures with date and machine, and how to reproduce.
 *   node --import tsx bench/report.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CaseReport } from './harness';
import { curveChart, curveTable } from './lib/curves';
import { caseSections, keepAnalyses, mergeSections, pageSections, PROSE } from './lib/report-sections';
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
  'npm run bench -- scale --points=1000,5000  # the scale case (never part of a plain `npm run bench`): see its section',
  'npm run bench -- scale --phases=browser    # its browser phase alone: 100,000 messages in the live tail and browse pages',
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
  'some cases replaces only theirs), the two sections below written by hand, and in each case\'s section',
  'the analysis below its figures (after the line `bench/lib/report-sections.ts` marks).',
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
  for (const c of r.curves ?? []) lines.push(`### ${c.title}`, '', ...curveTable(c), '', ...curveChart(c), '');
  for (const n of r.notes) lines.push(`- ${n}`);
  fresh.set(r.case, lines.join('\n').replace(/\s+$/, ''));
}

const before = fs.existsSync(page) ? fs.readFileSync(page, 'utf8') : '';
// The page's own prose (the status of the figures, the scale summary) is written by hand and kept.
const prose = [...pageSections(before).entries()].filter(([name]) => PROSE.includes(name)).map(([, text]) => text);
const old = caseSections(before, ['Reproduce', ...PROSE]);
const sections = mergeSections(keepAnalyses(fresh, old), old);
fs.writeFileSync(page, `${header.join('\n')}\n${[...prose, ...sections].join('\n\n')}\n`);
console.log(`wrote docs/BENCHMARKS.md: ${fresh.size} sections from result files, ${sections.length - fresh.size} kept from the page`);
