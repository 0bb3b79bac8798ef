#!/usr/bin/env node
// Installs npm dependencies when they are missing or older than package-lock.json, so that
// `npm run demo` and `npm test` work on a fresh clone with nothing but Node, Java and Maven.
// Also rebuilds better-sqlite3 (the one native module that is tied to a Node version) when
// node_modules was built under another Node than the one running now.
import './ensure-node.mjs'; // node_modules is built for the Node that runs this: Node 24
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');
// The Node ABI (process.versions.modules) that node_modules' native code was last checked for.
const abiMarker = path.join(root, 'node_modules', '.riffle-node-abi');

function npm(args) {
  const res = spawnSync('npm', args, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`deps: npm ${args.join(' ')} failed`);
    process.exit(res.status ?? 1);
  }
}

// require('better-sqlite3') alone does not load the addon; opening a database does.
const sqliteLoads = () =>
  spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, stdio: 'ignore' }).status === 0;

export function ensureDeps() {
  const stale =
    !fs.existsSync(installed) || (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs + 1000);
  if (stale) {
    console.log('deps: installing npm dependencies (first run, or package-lock.json changed)');
    npm(fs.existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
  }
  const abi = process.versions.modules;
  if (fs.existsSync(abiMarker) && fs.readFileSync(abiMarker, 'utf8').trim() === abi) return;
  if (!sqliteLoads()) {
    console.log(`deps: rebuilding better-sqlite3 for Node ${process.versions.node} (node_modules was built under another Node)`);
    npm(['rebuild', 'better-sqlite3']);
    if (!sqliteLoads()) {
      console.error('deps: better-sqlite3 still does not load after npm rebuild; try `rm -rf node_modules` and run again');
      process.exit(1);
    }
  }
  fs.writeFileSync(abiMarker, `${abi}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureDeps();
