import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { BROKERS, clustersFile, kafkaScript, PORT_OFFSET, root } from './cluster';

/**
 * The partition-operations suite: its own 3-node cluster (started here unless one already runs
 * at PARTITIONS_PORT_OFFSET, which is then left running) and a console server configured with it
 * twice: as `local`, and as the read-only `local-ro`.
 */
export default async function setup(project: TestProject) {
  // @ts-expect-error plain ESM script without types
  const lib = await import('../../scripts/lib.mjs');
  if (lib.ensureBuild() !== 0) throw new Error('next build failed');
  const running = await lib.portOpen(9092 + Number(PORT_OFFSET));
  const clusters = clustersFile(os.tmpdir());
  const port = await lib.freePort();
  const [, server] = await Promise.all([
    running ? Promise.resolve('') : kafkaScript('up'),
    lib.startServer({ port, env: { ...lib.testServerEnv(), RIFFLE_CLUSTERS: clusters, KAFKA_BROKERS: BROKERS.join(','), RIFFLE_LAG_SAMPLE_MS: '0' }, logFile: '/tmp/riffle-partitions-server.log' }),
  ]);
  project.provide('baseUrl', `http://127.0.0.1:${port}`);
  return async () => {
    await lib.stopProcess(server);
    if (running || process.env.PARTITIONS_KEEP_CLUSTER === '1') return;
    await kafkaScript('down', '--kill');
    fs.rmSync(path.join(root, '.data', `kafka-${PORT_OFFSET}`), { recursive: true, force: true });
  };
}
