import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The UI kit's boundaries (docs/ui-kit.md), checked on the source so they cannot drift back.
const root = path.resolve(__dirname, '../..');

function files(dir: string, ext = /\.tsx?$/): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(rel, ext));
    else if (ext.test(e.name)) out.push(rel);
  }
  return out;
}

describe('the UI kit', () => {
  it('is the only place with a <table> element', () => {
    const offenders = [...files('components'), ...files('app')]
      .filter((f) => !f.startsWith(`components${path.sep}ui${path.sep}`))
      .filter((f) => /<table[\s>]/.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('finds a <table> where there is one (the check can fail)', () => {
    expect(/<table[\s>]/.test(fs.readFileSync(path.join(root, 'components/ui/table.tsx'), 'utf8'))).toBe(true);
  });

  it('has no two component folders importing each other', () => {
    const edges = new Set<string>();
    for (const f of files('components')) {
      const from = f.split(path.sep)[1]!;
      const src = fs.readFileSync(path.join(root, f), 'utf8');
      for (const m of src.matchAll(/from '(?:@\/components\/|\.\.\/)([a-z-]+)\//g)) if (m[1] !== from) edges.add(`${from}>${m[1]}`);
    }
    const cycles = [...edges].filter((e) => edges.has(e.split('>').reverse().join('>')));
    expect(edges.size).toBeGreaterThan(0);
    expect(cycles).toEqual([]);
  });

  it('keeps one URL-state hook: views never write the URL with router.replace or replaceState themselves', () => {
    const offenders = files('components').filter((f) => /router\.replace\(`\$\{pathname\}|history\.replaceState\(/.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
