import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { BROKERS, kafka, kafkaAsync, PORT_OFFSET, root } from './cluster';

/** Starts the 3-node fault cluster and a console server watching it; tears both down after. */
export default async function setup(project: TestProject) {
  // @ts-expect-error plain ESM script without types
  const lib = await import('../../scripts/lib.mjs');
  if (lib.ensureBuild() !== 0) throw new Error('next build failed');
  // The console starts without its cluster (it answers 503 until Kafka is there), so the two
  // start side by side rather than one after the other.
  const port = await lib.freePort();
  const [, server] = await Promise.all([
    kafkaAsync('up'),
    lib.startServer({
      port,
      env: { ...lib.testServerEnv(), RIFFLE_CLUSTERS: '', KAFKA_BROKERS: BROKERS.join(',') },
      logFile: '/tmp/riffle-faults-server.log',
    }),
  ]);
  project.provide('baseUrl', `http://127.0.0.1:${port}`);
  return async () => {
    await lib.stopProcess(server);
    // FAULTS_KEEP_CLUSTER=1 leaves the cluster and its logs for a post-mortem (kafka-dump-log, kcat)
    if (process.env.FAULTS_KEEP_CLUSTER === '1') return;
    // its data is deleted next: no need to wait for a clean shutdown
    kafka('down', '--kill');
    fs.rmSync(path.join(root, '.data', `kafka-${PORT_OFFSET}`), { recursive: true, force: true });
  };
}
