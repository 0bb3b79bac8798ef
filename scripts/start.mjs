#!/usr/bin/env node
// `npm start`: serve the production build on HOST:PORT (default 127.0.0.1:3000).
import { spawn } from 'node:child_process';
import { ensureBuild, root } from './lib.mjs';

const host = process.env.HOST || '127.0.0.1';
const port = process.env.PORT || '3000';
if (ensureBuild() !== 0) process.exit(1);
const child = spawn('npx', ['next', 'start', '-H', host, '-p', port], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
