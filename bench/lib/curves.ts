/**
 * A curve of a scale benchmark: one y per x for a few series (e.g. latency against the number of
 * topics), rendered into docs/BENCHMARKS.md as a table and as a Mermaid xychart (GitHub draws it).
 */
export interface Curve {
  title: string;
  xLabel: string;
  unit: string;
  series: { name: string; points: [x: number, y: number][] }[];
}

const num = (n: number) => (Number.isFinite(n) ? (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(Math.abs(n) >= 10 ? 1 : 2)) : '—');

export function curveTable(c: Curve): string[] {
  const xs = [...new Set(c.series.flatMap((s) => s.points.map(([x]) => x)))].sort((a, b) => a - b);
  const lines = [`| ${c.xLabel} | ${c.series.map((s) => `${s.name} (${c.unit})`).join(' | ')} |`, `|---:|${c.series.map(() => '---:').join('|')}|`];
  for (const x of xs) lines.push(`| ${x.toLocaleString('en-US')} | ${c.series.map((s) => num(s.points.find(([px]) => px === x)?.[1] ?? NaN)).join(' | ')} |`);
  return lines;
}

/** Mermaid's xychart-beta: categorical x (the scale points), one line per series. */
export function curveChart(c: Curve): string[] {
  const xs = [...new Set(c.series.flatMap((s) => s.points.map(([x]) => x)))].sort((a, b) => a - b);
  const ys = c.series.flatMap((s) => s.points.map(([, y]) => y)).filter(Number.isFinite);
  const top = Math.max(1, ...ys) * 1.1;
  const lines = ['```mermaid', 'xychart-beta', `  title "${c.title.replace(/"/g, "'")}"`, `  x-axis "${c.xLabel}" [${xs.map((x) => `"${x.toLocaleString('en-US')}"`).join(', ')}]`, `  y-axis "${c.unit}" 0 --> ${Math.ceil(top)}`];
  for (const s of c.series) lines.push(`  line [${xs.map((x) => { const y = s.points.find(([px]) => px === x)?.[1]; return y !== undefined && Number.isFinite(y) ? Math.round(y * 10) / 10 : 0; }).join(', ')}]`);
  lines.push('```');
  lines.push(`Lines, in order: ${c.series.map((s) => s.name).join('; ')}.`);
  return lines;
}
