/**
 * The scale case's topic curves from the lines it logs (for a run cut short before its results
 * file was written): node --import tsx bench/scale/curves-from-log.ts <bench log>
 */
import fs from 'node:fs';
import { curveChart, curveTable, type Curve } from '../lib/curves';

const text = fs.readFileSync(process.argv[2]!, 'utf8');
const re = /\[scale\] ([\d,]+) topics \((\d+) in the cluster, created in \d+ s\): first page p50 (\d+) \/ p95 (\d+) ms, (\d+) Kafka requests; search p50 (\d+) \/ p95 (\d+) ms, (\d+) requests; by messages p50 (\d+) \/ p95 (\d+) ms, (\d+) requests; Metadata floor p50 (\d+) ms; server RSS (\d+) MiB; brokers: (.*?) \(limit/g;
const rows = [...text.matchAll(re)].map((m) => ({
  x: Number(m[1]!.replace(/,/g, '')),
  v: m.slice(3, 14).map(Number),
  brokers: [...m[14]!.matchAll(/(\d+) open files, (\d+) maps, RSS (\d+) MiB/g)].map((b) => ({ fds: Number(b[1]), maps: Number(b[2]), rss: Number(b[3]) })),
}));
const last = new Map(rows.map((r) => [r.x, r])); // a later run of the same point wins
const pts = [...last.values()].sort((a, b) => a.x - b.x);
const curve = (title: string, unit: string, series: [string, (r: (typeof pts)[number]) => number][]): Curve => ({ title, xLabel: 'topics', unit, series: series.map(([name, f]) => ({ name, points: pts.map((r) => [r.x, f(r)] as [number, number]) })) });
const curves = [
  curve('Topics list p50 against the number of topics', 'ms', [['first page', (r) => r.v[0]!], ['search', (r) => r.v[3]!], ['sorted by messages', (r) => r.v[6]!], ['floor: one bare Metadata request', (r) => r.v[9]!]]),
  curve('Topics list p95 against the number of topics', 'ms', [['first page', (r) => r.v[1]!], ['search', (r) => r.v[4]!], ['sorted by messages', (r) => r.v[7]!]]),
  curve('Kafka requests per topics-list call', 'requests', [['first page', (r) => r.v[2]!], ['search', (r) => r.v[5]!], ['sorted by messages', (r) => r.v[8]!]]),
  curve('Console server RSS against the number of topics', 'MiB', [['server RSS', (r) => r.v[10]!]]),
  curve('Each broker against the number of topics (mean of 3)', 'count or MiB', [['open files', (r) => r.brokers.reduce((n, b) => n + b.fds, 0) / r.brokers.length], ['memory maps', (r) => r.brokers.reduce((n, b) => n + b.maps, 0) / r.brokers.length], ['RSS (MiB)', (r) => r.brokers.reduce((n, b) => n + b.rss, 0) / r.brokers.length]]),
];
for (const c of curves) console.log([`### ${c.title}`, '', ...curveTable(c), '', ...curveChart(c), ''].join('\n'));
