import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * No folder of lib/ imports a folder that imports it back (docs/ARCHITECTURE.md: shared types go
 * down to lib/contracts or to the one side that owns them). The graph is the TypeScript
 * compiler's: every import and export-from of every non-test file, resolved with tsconfig's
 * paths. A node is a top-level folder of lib/ (lib/pipeline, lib/contracts, ...) or a feature
 * folder of lib/server (lib/server/lag, its alerts/ included). lib/server's own files (errors,
 * config, singleton, http, audit, clusters, health) are the shared core every feature uses and
 * are not nodes.
 */
const root = path.resolve(__dirname, '..');
const lib = path.join(root, 'lib');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** The folder node a file of lib/ belongs to; null for lib/server's own files and files outside lib/. */
function folderOf(file: string): string | null {
  const rel = path.relative(root, file).split(path.sep);
  if (rel[0] !== 'lib' || rel.length < 3) return null;
  if (rel[1] === 'server') return rel.length >= 4 ? rel.slice(0, 3).join('/') : null;
  return rel.slice(0, 2).join('/');
}

/** Folder-level edges: from → to → one file import that makes the edge. */
function folderGraph(): Map<string, Map<string, string>> {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const host = ts.createCompilerHost(config.options);
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(lib)) {
    const from = folderOf(file);
    if (!from) continue;
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      const resolved = ts.resolveModuleName(fileName, file, config.options, host).resolvedModule?.resolvedFileName;
      if (!resolved || resolved.includes('node_modules')) continue;
      const to = folderOf(resolved);
      if (!to || to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${path.relative(root, file)} → ${path.relative(root, resolved)}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Every cycle's folders (strongly connected components of more than one node, Tarjan). */
function cyclesOf(graph: Map<string, Iterable<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      for (let w = ''; w !== v; ) {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      }
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('folder-level imports in lib/', () => {
  it('finds a cycle when there is one (the check can fail)', () => {
    const g = new Map([
      ['lib/pipeline', ['lib/server/weather']],
      ['lib/server/weather', ['lib/server/db', 'lib/pipeline']],
      ['lib/server/db', []],
    ]);
    expect(cyclesOf(g)).toEqual([['lib/pipeline', 'lib/server/weather']]);
    expect(cyclesOf(new Map([['a', ['b']], ['b', ['c']], ['c', []]]))).toEqual([]);
    expect(folderOf(path.join(root, 'lib/server/lag/alerts/alert-rules.ts'))).toBe('lib/server/lag');
    expect(folderOf(path.join(root, 'lib/server/errors.ts'))).toBeNull();
  });

  it('have no cycle', () => {
    const graph = folderGraph();
    // the graph is real: the folders that must import each other one way do
    expect(graph.get('lib/server/groups')?.has('lib/server/lag')).toBe(true);
    expect(graph.get('lib/server/weather')?.has('lib/pipeline')).toBe(true);
    const cycles = cyclesOf(new Map([...graph].map(([k, v]) => [k, [...v.keys()]])));
    const explain = cycles.map((c) => c.flatMap((a) => c.filter((b) => graph.get(a)?.has(b)).map((b) => `${a} → ${b} (${graph.get(a)!.get(b)})`)).join('\n'));
    expect(explain).toEqual([]);
  });
});

describe("lib/server's live path", () => {
  it('builds no Request and parses no SSE: sources of typed events go to the one writer', () => {
    const dirs = ['lib/server/live', 'lib/server/streams', 'lib/server/messages', 'lib/server/weather'];
    const files = dirs.flatMap((d) => sourceFiles(path.join(root, d)));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/new Request\(/);
      expect(text, f).not.toMatch(/SseParser|text\/event-stream.*parse|\bdata: .*split\(/);
    }
    // one place writes SSE text
    const writers = files.filter((f) => /`event: \$\{/.test(fs.readFileSync(f, 'utf8')));
    expect(writers.map((f) => path.relative(root, f))).toEqual(['lib/server/live/sse-writer.ts']);
  });
});
