#!/usr/bin/env node
// Runs a command under the project's Node (24, from .cache when the system's is older) with
// the npm dependencies installed for it: the package.json scripts that are a bare command.
//   node scripts/with-node.mjs vitest run --project unit
import './ensure-node.mjs';
import path from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';
import { runAsChild } from './ensure-node.mjs';
import { root } from './lib.mjs';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: node scripts/with-node.mjs <command> [args…]');
  process.exit(2);
}
ensureDeps();
// As under `npm run`, so that it also works when run directly.
const PATH = `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`;
runAsChild(cmd, args, { ...process.env, PATH });
