import { describe, expect, it } from 'vitest';
import { ANALYSIS_MARKER, caseSections, keepAnalyses, mergeSections, pageSections, PROSE } from './report-sections';

const page = `# Benchmarks

Intro.

## Reproduce

\`\`\`sh
npm run bench
\`\`\`

## Status of the latest figures

- prose

## browse-500

Browse figures.

| metric | median |
|---|---:|
| x | 1 |

## tail-fanout

Old fan-out figures.
`;

describe('report sections', () => {
  it('splits a page into its case sections, leaving out the page prose', () => {
    const s = caseSections(page, ['Reproduce', 'Status of the latest figures']);
    expect([...s.keys()]).toEqual(['browse-500', 'tail-fanout']);
    expect(s.get('browse-500')).toBe('## browse-500\n\nBrowse figures.\n\n| metric | median |\n|---|---:|\n| x | 1 |');
  });
  it('replaces the cases that ran and keeps the others, in name order', () => {
    const old = caseSections(page, ['Reproduce', 'Status of the latest figures']);
    const fresh = new Map([
      ['tail-latency', '## tail-latency\n\nNew.'],
      ['tail-fanout', '## tail-fanout\n\nNew fan-out.'],
    ]);
    expect(mergeSections(fresh, old)).toEqual(['## browse-500\n\nBrowse figures.\n\n| metric | median |\n|---|---:|\n| x | 1 |', '## tail-fanout\n\nNew fan-out.', '## tail-latency\n\nNew.']);
  });
  it('ignores text before the first heading', () => {
    expect(caseSections('text\n## a\nx\n', []).get('a')).toBe('## a\nx');
  });
});

describe('hand-written text survives a new run', () => {
  it('keeps the prose sections and the analysis below a case\'s figures, replacing only the figures', () => {
    const withAnalysis = `${page}\n## scale\n\nOld figures.\n\n${ANALYSIS_MARKER}\n\n### Why it missed\n\nA profile.\n`;
    expect([...pageSections(withAnalysis).keys()].filter((n) => PROSE.includes(n))).toEqual(['Status of the latest figures']);
    const old = caseSections(withAnalysis, ['Reproduce', ...PROSE]);
    const fresh = keepAnalyses(new Map([['scale', '## scale\n\nNew figures.'], ['tail-fanout', '## tail-fanout\n\nNew fan-out.']]), old);
    expect(fresh.get('scale')).toBe(`## scale\n\nNew figures.\n\n${ANALYSIS_MARKER}\n\n### Why it missed\n\nA profile.`);
    expect(fresh.get('tail-fanout')).toBe('## tail-fanout\n\nNew fan-out.');
  });
});
