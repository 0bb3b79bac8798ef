import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// Import boundaries from ARCHITECTURE.md: the browser side never reaches server code, and
// only lib/server and lib/pipeline talk to Kafka or a database.
const serverOnlyModules = ['kafkajs', 'pg', 'better-sqlite3', 'kysely'];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', '.next-soak/**', '.cache/**', '.data/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='eval']", message: 'Never evaluate code (message filters are data).' },
        { selector: "NewExpression[callee.name='Function']", message: 'Never evaluate code (message filters are data).' },
      ],
    },
  },
  {
    // Server components in app/ may read lib/server; `import 'server-only'` makes the build fail
    // if a client component ever does.
    files: ['components/**', 'lib/client/**', 'lib/contracts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: serverOnlyModules.map((name) => ({ name, message: 'Only lib/server and lib/pipeline may import this.' })),
          patterns: [{ group: ['@/lib/server/*', '@/lib/pipeline/*'], message: 'Browser code must not import server modules; go through the HTTP API.' }],
        },
      ],
    },
  },
  {
    files: ['app/api/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: serverOnlyModules.map((name) => ({ name, message: 'Route handlers stay thin: call lib/server.' })) },
      ],
    },
  },
];

export default config;
