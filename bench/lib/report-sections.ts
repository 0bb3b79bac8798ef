/**
 * docs/BENCHMARKS.md holds one `## <case>` section per case. The results files are not
 * committed, so a run of some cases must not erase the figures of the others: sections of
 * cases that have no results file are carried over from the page as it was.
 */

/** The page's own `## ` sections, written by hand and kept as they are (in this order, after Reproduce). */
export const PROSE = ['Status of the latest figures', 'Scale (issue 23)'];

/**
 * In a case's section, what follows this line is written by hand (profiles, causes, before and
 * after): a new run replaces the figures above it and keeps the text below it.
 */
export const ANALYSIS_MARKER = '<!-- analysis below: written by hand, kept by bench/report.ts when the figures above are regenerated -->';

/** Every `## ` section of a page by heading. */
export function pageSections(markdown: string): Map<string, string> {
  return caseSections(markdown, []);
}

/** Fresh sections with the hand-written analysis of the old section of the same case appended. */
export function keepAnalyses(fresh: Map<string, string>, old: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, text] of fresh) {
    const before = old.get(name);
    const at = before?.indexOf(ANALYSIS_MARKER) ?? -1;
    out.set(name, at >= 0 ? `${text}\n\n${before!.slice(at)}` : text);
  }
  return out;
}

/** The `## <case>` sections of a page (headings in `skip` are the page's own prose). */
export function caseSections(markdown: string, skip: string[]): Map<string, string> {
  const sections = new Map<string, string>();
  const parts = markdown.split(/^(?=## )/m);
  for (const part of parts) {
    const heading = /^## (.+)$/m.exec(part);
    if (!heading || !part.startsWith('## ')) continue;
    const name = heading[1]!.trim();
    if (skip.includes(name)) continue;
    sections.set(name, part.replace(/\s+$/, ''));
  }
  return sections;
}

/** Fresh sections win; old ones stay for cases not run; ordered by case name. */
export function mergeSections(fresh: Map<string, string>, old: Map<string, string>): string[] {
  const names = [...new Set([...fresh.keys(), ...old.keys()])].sort((a, b) => a.localeCompare(b));
  return names.map((n) => (fresh.get(n) ?? old.get(n))!);
}
