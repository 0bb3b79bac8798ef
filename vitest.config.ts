import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = {
  '@': path.resolve(__dirname),
  // `server-only` throws outside Next's react-server build; in tests every module is server-side.
  'server-only': path.resolve(__dirname, 'test/stubs/server-only.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'components/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts', 'registry/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/recovery/**', 'test/faults/**', 'test/partitions/**', 'test/security/**', 'test/registry/**'],
          environment: 'node',
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
      {
        resolve: { alias },
        test: {
          // The local Schema Registry (registry/): each file starts its own registry processes
          // against the cluster the suite uses; no console server needed.
          name: 'registry',
          include: ['test/registry/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/registry/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
      {
        resolve: { alias },
        test: {
          // Tests that stop and start the cluster itself: run alone, after everything else.
          name: 'recovery',
          include: ['test/recovery/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
      {
        resolve: { alias },
        test: {
          // ACLs, SCRAM users and quotas on the secured cluster (KAFKA_SECURITY=sasl), its own ports.
          name: 'security',
          include: ['test/security/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/security/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
      {
        resolve: { alias },
        test: {
          // npm run test:faults: a separate 3-node cluster loses brokers under load.
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/faults/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 180_000,
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
      {
        resolve: { alias },
        test: {
          // Partition operations (reassignment, elections, broker configs) on a 3-node cluster of their own.
          name: 'partitions',
          include: ['test/partitions/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/partitions/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
