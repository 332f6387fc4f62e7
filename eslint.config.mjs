// ESLint flat config. The important part: workflow code (src/workflows) and the pure domain layer it
// imports (src/domain) must stay deterministic: no Node built-ins, no I/O, no real randomness or clocks.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const deterministicImports = {
  paths: [
    ...nodeBuiltins.map((name) => ({ name, message: 'Workflow/domain code must not use Node built-ins (non-deterministic or I/O).' })),
    { name: '@temporalio/client', message: 'Workflows must not use the client.' },
    { name: '@temporalio/worker', message: 'Workflows must not import the worker.' },
    { name: '@temporalio/activity', message: 'Workflows must not import activity code.' },
  ],
  patterns: [
    { group: ['**/activities', '**/activities/*', '!**/activities/types'], message: 'Import activity types with `import type` only.', allowTypeImports: true },
    { group: ['**/api/*', '**/db/*', '**/generated/*', 'pino', 'pg', '@prisma/*'], message: 'No I/O in workflow/domain code.' },
  ],
};

const deterministic = {
  files: ['src/workflows/**/*.ts', 'src/domain/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', deterministicImports],
    'no-restricted-globals': [
      'error',
      { name: 'process', message: 'No process access in workflow/domain code.' },
      { name: 'Buffer', message: 'No Buffer in workflow/domain code.' },
      { name: 'require', message: 'Use ES imports.' },
      { name: 'setImmediate', message: 'Use Temporal timers (sleep/condition).' },
      { name: 'setInterval', message: 'Use Temporal timers (sleep/condition).' },
      { name: 'fetch', message: 'No I/O in workflow code: use an activity.' },
      { name: 'performance', message: 'Non-deterministic clock.' },
      { name: 'structuredClone', message: 'Not available in the workflow sandbox: copy plain JSON instead.' },
      { name: 'WeakRef', message: 'Garbage collection is non-deterministic.' },
      { name: 'FinalizationRegistry', message: 'Garbage collection is non-deterministic.' },
    ],
    'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use uuid4() from @temporalio/workflow or pass randomness in.' }],
  },
};

// The pure domain layer (src/domain) is the bottom layer: it imports nothing from the layers above it,
// not even types (a type import still couples the domain to their shapes). Relative specifiers only:
// tsconfig has no path aliases. In flat config a later block's `no-restricted-imports` replaces the
// earlier one for the same files, so this block repeats the deterministic restrictions and adds its own.
const domainLayer = {
  files: ['src/domain/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: deterministicImports.paths,
        patterns: [
          ...deterministicImports.patterns,
          {
            regex: '^(?:\\.\\./)+(?:workflows|api|activities|db|temporal|config|worker|cli|client|generated|calendar|replay|logger|project-root)(?:/|$)',
            message:
              'src/domain is the bottom layer: it must not import (not even types) from workflows, api, activities, db, temporal, config, worker, cli, client or generated code. Move the shared type into src/domain instead.',
            allowTypeImports: false,
          },
        ],
      },
    ],
  },
};

/** One `no-restricted-imports` pattern for `files` (relative specifiers only: tsconfig has no path aliases). */
const restrictImports = (files, regex, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ regex, message, allowTypeImports: false }] }] },
});

// Configuration and the database layer sit below the workflows: config.ts (and src/db) must not import
// (not even types) from src/workflows; what both need lives below them (e.g. src/temporal/task-queues.ts).
// src/domain has the same rule in domainLayer. These files have no other `no-restricted-imports`
// block, so nothing is replaced.
const belowWorkflows = (files, regex) =>
  restrictImports(
    files,
    regex,
    'src/config.ts and src/db sit below the workflows: they must not import (not even types) from src/workflows. Move what they share below both (e.g. src/temporal/task-queues.ts).',
  );

// src/api and src/activities reach the workflow package through its contract files only
// (`contract.ts`, `projection-contract.ts`, `import-contract.ts`): the workflow's internals (state,
// commands, outbox) can change without touching the layers above.
const aboveWorkflows = (files, regex) =>
  restrictImports(
    files,
    regex,
    'src/api and src/activities import the workflows only through their contract files (contract.ts, projection-contract.ts, import-contract.ts).',
  );

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tools/**', 'data/**', 'src/generated/**', 'coverage/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'off',
    },
  },
  deterministic,
  domainLayer,
  belowWorkflows(['src/config.ts'], '^\\./workflows(?:/|$)'),
  belowWorkflows(['src/db/**/*.ts', 'src/db/**/*.mjs'], '^(?:\\.\\./)+workflows(?:/|$)'),
  aboveWorkflows(['src/api/**/*.ts', 'src/activities/**/*.ts'], '^(?:\\.\\./)+workflows/(?!.*(?:^|/|-)contract$).*$'),
  // The staff console (web/) runs in the browser: no Node built-ins, and it reaches the service through its
  // HTTP API only (the generated client's types are the one thing it shares). Which globals exist is
  // checked by its own tsconfig (DOM lib, no Node types): `no-undef` would only repeat it without the DOM's names.
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { process: 'off', require: 'off', module: 'off', __dirname: 'off' } },
    rules: {
      'no-undef': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'The console runs in the browser: no Node built-ins.' })),
          patterns: [
            {
              regex: '^(?:\\.\\./)+(?!client/schema$)(?:src/)?(?:api|domain|workflows|activities|db|temporal|config|worker|cli)(?:/|$)',
              message: 'The console talks to the service over HTTP only: import the generated API types (src/client/schema), not server code.',
            },
          ],
        },
      ],
    },
  },
  // Tests read loosely-typed JSON responses.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
