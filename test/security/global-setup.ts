import type { TestProject } from 'vitest/node';
import { BOOTSTRAP, consoleKafkaEnv, kafkaScriptAsync } from './cluster';

/**
 * The security suite: the secured local cluster (KAFKA_SECURITY=sasl, SECURITY_PORT_OFFSET) and a
 * console server connected to it as the super user. Starts the cluster when it isn't running,
 * and stops it afterwards only then (SECURITY_KEEP_CLUSTER=1 leaves it up).
 */
export default async function setup(project: TestProject) {
  // @ts-expect-error plain ESM script without types
  const lib = await import('../../scripts/lib.mjs');
  if (lib.ensureBuild() !== 0) throw new Error('next build failed');
  const port = Number(BOOTSTRAP.split(':')[1]);
  const wasRunning = await lib.portOpen(port);
  if (!wasRunning) await kafkaScriptAsync('up');
  const consolePort = await lib.freePort();
  const server = await lib.startServer({
    port: consolePort,
    env: { ...lib.testServerEnv(), ...consoleKafkaEnv() },
    logFile: '/tmp/riffle-security-server.log',
  });
  project.provide('baseUrl', `http://127.0.0.1:${consolePort}`);
  return async () => {
    await lib.stopProcess(server);
    if (!wasRunning && process.env.SECURITY_KEEP_CLUSTER !== '1') await kafkaScriptAsync('down');
  };
}
