#!/usr/bin/env node
// Serves the production build configured with the test clusters (used by Playwright when run alone).
import path from 'node:path';
import { ensureBuild, root, startServer, stopProcess } from './lib.mjs';

const port = Number(process.argv[2] ?? 3100);
if (ensureBuild() !== 0) process.exit(1);
const child = await startServer({ port, env: { RIFFLE_CLUSTERS: path.join(root, 'test/fixtures/clusters.yaml') } });
const stop = () => stopProcess(child).then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
