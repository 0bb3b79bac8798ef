import fs from 'node:fs';
import path from 'node:path';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export const root = path.resolve(__dirname, '../..');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name === 'route.ts' || e.name === 'route.tsx' ? [p] : [];
  });
}

/** Every API route file and the HTTP methods it exports, read from the file system. */
export function discoverRoutes(): Array<{ route: string; method: string }> {
  const out: Array<{ route: string; method: string }> = [];
  for (const file of walk(path.join(root, 'app/api'))) {
    const src = fs.readFileSync(file, 'utf8');
    const route = path.relative(root, file).split(path.sep).join('/');
    for (const m of METHODS) {
      const declared = new RegExp(`export\\s+(async\\s+)?(function|const|let)\\s+${m}\\b`).test(src);
      const reexported = new RegExp(`export\\s*\\{[^}]*\\b${m}\\b[^}]*\\}`).test(src);
      if (declared || reexported) out.push({ route, method: m });
    }
  }
  return out;
}
