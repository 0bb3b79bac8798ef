import { afterAll, beforeAll } from 'vitest';
import { CONSOLE_TEST_STORE, startRegistry, type RegistryInstance } from '../registry/registry-process';

/** Where test/fixtures/clusters.yaml puts the `local` cluster's Schema Registry (moved with KAFKA_PORT_OFFSET). */
export const CONSOLE_REGISTRY_PORT = 8086 + Number(process.env.KAFKA_PORT_OFFSET ?? 0);

/**
 * Runs that registry (registry/, on the console tests' own store) for one test file, so the
 * registry routes answer as they do for a user, not the 503 of a registry that is down (which
 * test/messages/schemas.test.ts checks on purpose). Integration files run one at a time
 * (singleFork), so files that start it never meet.
 */
export function withConsoleRegistry(): void {
  let registry: RegistryInstance | undefined;
  beforeAll(async () => {
    registry = await startRegistry(CONSOLE_TEST_STORE, CONSOLE_REGISTRY_PORT);
  }, 120_000);
  afterAll(async () => {
    await registry?.stop();
  });
}
