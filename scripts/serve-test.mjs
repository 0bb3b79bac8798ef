#!/usr/bin/env node
// Serves the production build configured with the test clusters and test users (used by Playwright when run alone).
import './ensure-node.mjs'; // first: under an older Node, re-runs this script under Node 24
import { ensureBuild, startServer, stopProcess, testServerEnv } from './lib.mjs';

const port = Number(process.argv[2] ?? 3100);
if (ensureBuild() !== 0) process.exit(1);
const child = await startServer({ port, env: testServerEnv() });
const stop = () => stopProcess(child).then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
