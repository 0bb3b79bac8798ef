#!/usr/bin/env node
// `npm start`: serve the production build on HOST:PORT (default 127.0.0.1:3000).
import './ensure-node.mjs'; // first: under an older Node, re-runs this script under Node 24
import { spawn } from 'node:child_process';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureBuild, root } from './lib.mjs';

const host = process.env.HOST || '127.0.0.1';
const port = process.env.PORT || '3000';
ensureDeps();
if (ensureBuild() !== 0) process.exit(1);
const child = spawn('npx', ['next', 'start', '-H', host, '-p', port], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
