import type { TestProject } from 'vitest/node';

/**
 * Integration tests talk to a real console server (production build) and the real local
 * cluster. `npm test` starts both and passes RIFFLE_TEST_URL; run alone, this starts them.
 */
export default async function setup(project: TestProject) {
  if (process.env.RIFFLE_TEST_URL) {
    project.provide('baseUrl', process.env.RIFFLE_TEST_URL);
    return;
  }
  // @ts-expect-error plain ESM script without types
  const lib = await import('../scripts/lib.mjs');
  if (!(await lib.kafkaRunning())) throw new Error('the local cluster is not running: npm run kafka:up');
  if (lib.ensureBuild() !== 0) throw new Error('next build failed');
  const port = await lib.freePort();
  const child = await lib.startServer({
    port,
    env: lib.testServerEnv(),
    logFile: '/tmp/riffle-test-server.log',
  });
  project.provide('baseUrl', `http://127.0.0.1:${port}`);
  return async () => lib.stopProcess(child);
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
