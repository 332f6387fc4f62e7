/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // jose (the codec server's OIDC verification) ships ES modules only: compile it to CommonJS like our code.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  // Temporal servers and PostgreSQL databases are per test file; give them room to start.
  testTimeout: 120_000,
  // Suite hygiene: fail the run if a test left a process or a test database behind (test/hygiene.ts).
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  verbose: true,
  // CI reads the last line: `Tests: N passed, N failed, N skipped` (test/summary-reporter.js).
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
