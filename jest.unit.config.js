/**
 * `npm run test:unit`: the server-free test files only (no Temporal server, no PostgreSQL, no HTTP
 * server), found by test/server-free.js from what each file's code reaches, so a new one runs here
 * without being listed. test/server-free.test.ts checks the selection; test/unit-guard.js fails a test
 * here that opens a socket all the same.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- Jest loads its config as CommonJS
const base = require('./jest.config.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- Jest loads its config as CommonJS
const { serverFreeTestFiles } = require('./test/server-free.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: serverFreeTestFiles().map((file) => `<rootDir>/${file}`),
  setupFiles: [...(base.setupFiles ?? []), '<rootDir>/test/unit-guard.js'],
};
