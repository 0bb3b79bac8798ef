import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// Import boundaries from ARCHITECTURE.md: the browser side never reaches server code, and
// only lib/server and lib/pipeline talk to Kafka or a database.
const KAFKA_CLIENT = '@platformatic/kafka';
const serverOnlyModules = [KAFKA_CLIENT, 'pg', 'better-sqlite3', 'kysely'];

const noEval = [
  { selector: "CallExpression[callee.name='eval']", message: 'Never evaluate code (message filters are data).' },
  { selector: "NewExpression[callee.name='Function']", message: 'Never evaluate code (message filters are data).' },
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', '.next-soak/**', '.cache/**', '.data/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', ...noEval],
    },
  },
  {
    // One UI kit: a feature lists rows with DataTable (or the table primitives) from components/ui,
    // never a <table> of its own (components/ui/kit-boundaries.test.ts checks the same).
    files: ['components/**/*.tsx', 'app/**/*.tsx'],
    ignores: ['components/ui/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...noEval,
        { selector: "JSXOpeningElement[name.name='table']", message: 'Use DataTable or the Table primitives from components/ui, not a <table> of your own.' },
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
    // One Kafka layer: console-server code reaches Kafka through lib/server/kafka, so the
    // client's types and errors stop there. The pipeline and the demo producers are processes
    // of their own; tests, benchmarks and scripts use the client to check and arrange things.
    // The local schema registry (registry/) is a separate program with its own Kafka store.
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    ignores: ['lib/server/kafka/**', 'lib/pipeline/**', 'registry/**', 'lib/demo/run-*.ts', 'test/**', 'bench/**', 'e2e/**', 'scripts/**', 'components/**', 'lib/client/**', 'lib/contracts/**', 'app/api/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: KAFKA_CLIENT, message: 'Only lib/server/kafka (and lib/pipeline) may import the Kafka client: call the Kafka layer.' }],
          patterns: [{ group: [`${KAFKA_CLIENT}/*`], message: 'Only lib/server/kafka (and lib/pipeline) may import the Kafka client: call the Kafka layer.' }],
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
