/**
 * docs/BENCHMARKS.md holds one `## <case>` section per case. The results files are not
 * committed, so a run of some cases must not erase the figures of the others: sections of
 * cases that have no results file are carried over from the page as it was.
 */

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
