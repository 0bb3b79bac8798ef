import { describe, expect, it } from 'vitest';
import { curveChart, curveTable, type Curve } from './curves';

const curve: Curve = {
  title: 'topics list p50',
  xLabel: 'topics',
  unit: 'ms',
  series: [
    { name: 'first page', points: [[5000, 120.4], [1000, 40.25]] },
    { name: 'floor', points: [[1000, 8]] },
  ],
};

describe('curves', () => {
  it('tabulates every x in order, a dash where a series has no point', () => {
    expect(curveTable(curve)).toEqual(['| topics | first page (ms) | floor (ms) |', '|---:|---:|---:|', '| 1,000 | 40.3 | 8.00 |', '| 5,000 | 120 | — |']);
  });
  it('draws a Mermaid xychart with one line per series over the same x categories', () => {
    const chart = curveChart(curve).join('\n');
    expect(chart).toContain('x-axis "topics" ["1,000", "5,000"]');
    expect(chart).toContain('y-axis "ms" 0 --> 133');
    expect(chart).toContain('line [40.3, 120.4]');
    expect(chart).toContain('line [8, 0]');
  });
});
